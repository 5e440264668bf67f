#!/usr/bin/env python3
"""Two or more builds of `clipping` side by side on the FreshRSS harness's 1,000 feeds, alternating, whole processes:
the harness's Clipping steps (import --approve, refresh, refresh with nothing changed, refresh after one new post per
feed) without FreshRSS. Needs the harness's setup (../shared/bench/freshrss/README.md: feeds, host names, nginx).
usage: PEER=... python3 bench/compare-builds.py TRIALS OUT.jsonl NAME=PATH-TO-clipping [NAME=PATH-TO-clipping...]
Prints one JSON line per step: wall seconds, CPU (user+sys) seconds and peak resident MB (ru_maxrss)."""
import os, json, shutil, subprocess, sys, time, sqlite3
P = os.environ["PEER"]; FEEDS = f"{P}/feeds"; OPML = f"{FEEDS}/feeds.opml"
CENV = dict(os.environ, Clipping__Fetch__AllowPrivateNetworks="true", Clipping__Fetch__AllowedPorts__0="8089",
            Clipping__Topics__0__Name="Big Society")
TRIALS = int(sys.argv[1]); OUT = sys.argv[2]; BUILDS = [a.split("=", 1) for a in sys.argv[3:]]
def timed(argv, env):
    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    out = p.stdout.read(); _, status, ru = os.wait4(p.pid, 0); wall = time.monotonic() - t0
    return dict(rc=os.waitstatus_to_exitcode(status), wall=round(wall, 3), cpu=round(ru.ru_utime + ru.ru_stime, 3),
                peak_mb=round(ru.ru_maxrss / 1024, 1)), out.decode("utf-8", "replace")
def gen(g): subprocess.run([sys.executable, f"{P}/feedgen/gen.py", FEEDS, str(g)], check=True, stdout=subprocess.DEVNULL)
def count(d):
    c = sqlite3.connect(f"{d}/clipping.db"); n = c.execute("select count(*) from clippings").fetchone()[0]; c.close(); return n
with open(OUT, "a") as fh:
    for i in range(TRIALS):
        for name, binary in BUILDS:
            d = f"{P}/run/cmp-{name}"; shutil.rmtree(d, ignore_errors=True); env = dict(CENV, Clipping__DataDirectory=d)
            gen(0)
            for step, argv in (("import", [binary, "contributors", "import", OPML, "--approve"]), ("a", [binary, "refresh"]), ("b", [binary, "refresh"]), ("c", [binary, "refresh"])):
                if step == "c": gen(1)
                time.sleep(1)
                m, out = timed(argv, env)
                row = dict(build=name, trial=i, step=step, stored=count(d), first=out.splitlines()[0][:150] if out else "", **m)
                print(json.dumps(row)); fh.write(json.dumps(row) + "\n"); fh.flush()

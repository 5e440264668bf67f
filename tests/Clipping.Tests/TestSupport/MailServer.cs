using System.Diagnostics;
using MimeKit;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// A real SMTP server on a loopback port: Debian's aiosmtpd (python3-aiosmtpd), with a handler that keeps each message
/// it accepts as a file and refuses the recipients a test names, with the reply the test gives. Tests read what
/// arrived by parsing those files as MIME.
/// </summary>
public sealed class MailServer : IAsyncDisposable
{
    private const string Handler = """
        import os, sys, time, uuid
        from aiosmtpd.controller import Controller

        out_dir, port, refusals_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]

        def refusals():
            try:
                with open(refusals_file) as f:
                    return {parts[0].lower(): parts[1] for parts in (line.strip().split(None, 1) for line in f) if len(parts) == 2}
            except FileNotFoundError:
                return {}

        class Keep:
            async def handle_MAIL(self, server, session, envelope, address, mail_options):
                reply = refusals().get(address.lower())
                if reply:
                    return reply
                envelope.mail_from = address
                envelope.mail_options.extend(mail_options)
                return '250 OK'

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                reply = refusals().get(address.lower())
                if reply:
                    return reply
                envelope.rcpt_tos.append(address)
                return '250 OK'

            async def handle_DATA(self, server, session, envelope):
                name = f"{time.time_ns()}-{uuid.uuid4().hex}"
                path = os.path.join(out_dir, name)
                with open(path + ".tmp", "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                os.rename(path + ".tmp", path + ".eml")
                return '250 Message accepted for delivery'

        controller = Controller(Keep(), hostname="127.0.0.1", port=port)
        controller.start()
        print("ready", flush=True)
        sys.stdin.read()
        controller.stop()
        """;

    private readonly Process _process;
    private readonly TempDirectory _folder;

    private MailServer(Process process, TempDirectory folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    private string Inbox => Path.Combine(_folder.Path, "inbox");

    private string RefusalsFile => Path.Combine(_folder.Path, "refusals");

    /// <summary>The settings that send the site's mail here.</summary>
    public Dictionary<string, string?> Settings(string from = "Big Society clippings <clippings@example.org>") => new()
    {
        ["Clipping:Email:Smtp:Host"] = "127.0.0.1",
        ["Clipping:Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Clipping:Email:Smtp:Security"] = "None",
        ["Clipping:Email:From"] = from,
    };

    public static async Task<MailServer> StartAsync()
    {
        var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "inbox"));
        var script = Path.Combine(folder.Path, "smtp_server.py");
        await File.WriteAllTextAsync(script, Handler);
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Python()) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, Path.Combine(folder.Path, "inbox"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(folder.Path, "refusals") })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            throw new InvalidOperationException($"The test SMTP server (aiosmtpd, Debian package python3-aiosmtpd) did not start: {error}");
        }
        return new MailServer(process, folder, port);
    }

    /// <summary>The Python that has aiosmtpd: Debian's, unless CLIPPING_SMTP_PYTHON names another.</summary>
    private static string Python() =>
        Environment.GetEnvironmentVariable("CLIPPING_SMTP_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    /// <summary>From now on the server answers RCPT (or MAIL FROM) for this address with <paramref name="reply"/> ("550 5.1.1 No such user").</summary>
    public void Refuse(string address, string reply = "550 5.1.1 No such mailbox here") =>
        File.AppendAllText(RefusalsFile, $"{address} {reply}\n");

    /// <summary>Takes every address again.</summary>
    public void AcceptAll() => File.Delete(RefusalsFile);

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Received() =>
        Directory.GetFiles(Inbox, "*.eml").Order(StringComparer.Ordinal).Select(path => MimeMessage.Load(path)).ToList();

    public IReadOnlyList<MimeMessage> ReceivedBy(string address) =>
        Received().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until at least <paramref name="count"/> messages have come to <paramref name="address"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count = 1, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var received = ReceivedBy(address);
            if (received.Count >= count) return received;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} message(s) to {address} expected; {received.Count} came.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _folder.Dispose();
        await Task.CompletedTask;
    }
}

using System.CommandLine;
using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Storage;

namespace Clipping.Host.Commands;

/// <summary><c>clipping contributors add|list|approve|reject|remove|import|export</c>: registration and moderation from the shell.</summary>
internal static class ContributorsCommand
{
    public static Command Create()
    {
        var command = new Command("contributors", "Register, list and moderate contributors; import or export them as OPML.");
        command.Add(Add());
        command.Add(List());
        command.Add(Moderate("approve", "Approve a registration: its feed is polled from the next refresh.", (m, id, ct) => m.ApproveAsync(id, ct)));
        command.Add(Moderate("reject", "Reject a registration.", (m, id, ct) => m.RejectAsync(id, ct)));
        command.Add(Moderate("remove", "Stop polling a contributor (their clippings stay).", (m, id, ct) => m.RemoveAsync(id, ct)));
        command.Add(Import());
        command.Add(Export());
        return command;
    }

    private static Command Add()
    {
        var name = new Option<string>("--name") { Description = "The contributor's name as readers see it", Required = true };
        var url = new Option<string>("--url") { Description = "The blog's address or its feed's", Required = true };
        var allPosts = new Option<bool>("--all-posts") { Description = "Every post of the feed belongs (a tag or category feed)" };
        var approve = new Option<bool>("--approve") { Description = "Approve at once instead of leaving it pending" };
        var command = new Command("add", "Register a blog: the feed is fetched and checked first.") { name, url, allPosts, approve };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var request = new RegistrationRequest(parse.GetValue(name), parse.GetValue(url), parse.GetValue(allPosts) ? true : null);
            var result = await services.GetRequiredService<Registration>().RegisterAsync(request, parse.GetValue(approve), cancellationToken);
            var c = result.Contributor;
            Console.WriteLine($"Registered {TerminalText.Safe(c.Name)} ({c.Id}), {c.Status.ToString().ToLowerInvariant()}: {TerminalText.Safe(c.FeedUrl)}");
            if (result.DiscoveredFrom is not null) Console.WriteLine($"  found on {result.DiscoveredFrom}");
            Console.WriteLine($"  {Content.Plural.Of(result.PostsInFeed, "post")} in the feed, {result.PostsMatching} {(result.PostsMatching == 1 ? "matches" : "match")} ({(c.Mode == FeedMode.AllPosts ? "every post belongs" : "tagged posts only")})");
            foreach (var warning in result.Warnings) Console.WriteLine($"  warning: {TerminalText.Safe(warning)}");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List every contributor with its status and feed health.");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var contributors = await services.GetRequiredService<IClippingStore>().GetContributorsAsync(cancellationToken);
            if (contributors.Count == 0)
            {
                Console.WriteLine("No contributors yet. Register one with: clipping contributors add --name NAME --url URL (or at /register on the site).");
                return 0;
            }
            foreach (var c in contributors)
            {
                var health = c.State.LastError is { } error ? $"failing ({c.State.ConsecutiveFailures}): {TerminalText.Safe(error)}"
                    : c.State.LastSuccess is { } ok ? $"ok {ok:yyyy-MM-dd HH:mm}Z" : "not polled yet";
                Console.WriteLine($"{c.Id}  {c.Status.ToString().ToLowerInvariant(),-8}  {TerminalText.Safe(c.Name)}  {TerminalText.Safe(c.FeedUrl)}  [{(c.Mode == FeedMode.AllPosts ? "all posts" : "tagged")}] {health}");
            }
            return 0;
        });
        return command;
    }

    private static Command Moderate(string verb, string description, Func<Moderation, string, CancellationToken, Task<Contributor>> action)
    {
        var who = new Argument<string>("contributor") { Description = "Id, name or feed URL" };
        var command = new Command(verb, description) { who };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var contributor = await action(services.GetRequiredService<Moderation>(), parse.GetValue(who)!, cancellationToken);
            Console.WriteLine($"{TerminalText.Safe(contributor.Name)} ({contributor.Id}) is now {contributor.Status.ToString().ToLowerInvariant()}.");
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "An OPML file of feeds" };
        var approve = new Option<bool>("--approve") { Description = "Approve the imported feeds at once" };
        var command = new Command("import", "Register every feed in an OPML file (each is fetched and checked).") { file, approve };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var registration = services.GetRequiredService<Registration>();
            var store = services.GetRequiredService<IClippingStore>();
            // Approved imports keep what their check fetched: their posts are stored and their validators remembered
            // now, so the first refresh asks each feed "changed since?" instead of downloading them all again.
            var writer = new Refresh.SightingWriter(store, services.GetRequiredService<RefreshOptions>().WriteBatchSize);
            var refresher = services.GetRequiredService<Refresh.FeedRefresher>();
            var states = new List<KeyValuePair<string, FeedState>>();
            var saving = new List<Task<Refresh.FeedOutcome>>();
            IReadOnlyList<OpmlEntry> entries;
            await using (var input = parse.GetValue(file)!.OpenRead()) entries = OpmlReader.Read(input);
            var approving = parse.GetValue(approve);

            // Each feed is checked the way a refresh fetches: many at once, within the fetcher's per-host limits, so
            // a thousand feeds cost what a first refresh does rather than a thousand round trips one after another.
            using var slots = new SemaphoreSlim(Math.Max(1, services.GetRequiredService<Feeds.Fetching.FetchOptions>().MaxConcurrency));
            async Task<Imported> ImportAsync(OpmlEntry entry)
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    var result = await registration.RegisterAsync(new RegistrationRequest(entry.Name, entry.FeedUrl), approving, cancellationToken);
                    var line = $"Registered {TerminalText.Safe(result.Contributor.Name)} ({result.Contributor.Id}): {TerminalText.Safe(result.Contributor.FeedUrl)}";
                    if (!approving || result.Fetched is not { } fetched) return new Imported(line);
                    var (outcome, state) = await refresher.ProcessAsync(result.Contributor, fetched, writer, cancellationToken, result.Parsed);
                    return new Imported(line, new(result.Contributor.Id, state), outcome);
                }
                catch (AlreadyRegisteredException e) when (approving && e.Existing.Status == ContributorStatus.Pending)
                {
                    // Importing with --approve means "these are approved", including any already waiting.
                    var approved = await services.GetRequiredService<Moderation>().ApproveAsync(e.Existing.Id, cancellationToken);
                    return new Imported($"Approved {TerminalText.Safe(approved.Name)} ({approved.Id}), registered already: {TerminalText.Safe(approved.FeedUrl)}");
                }
                catch (RegistrationException e)
                {
                    return new Imported($"Skipped {TerminalText.Safe(entry.Name)} ({TerminalText.Safe(entry.FeedUrl)}): {TerminalText.Safe(e.Message)}", Failed: true);
                }
                finally
                {
                    slots.Release();
                }
            }

            var imports = entries.Select(ImportAsync).ToList();
            var failed = 0;
            // Reported in the file's order, each line as soon as it and those before it are done.
            foreach (var import in imports)
            {
                var imported = await import;
                if (imported.Failed)
                {
                    failed++;
                    Console.Error.WriteLine(imported.Line);
                    continue;
                }
                Console.WriteLine(imported.Line);
                if (imported.State is { } state) states.Add(state);
                if (imported.Saving is { } outcome) saving.Add(outcome);
            }
            await writer.FlushAsync(cancellationToken);
            var clipped = 0;
            foreach (var saved in saving) clipped += (await saved).New;
            await store.SaveFeedStatesAsync(states, cancellationToken);
            Console.WriteLine($"Imported {entries.Count - failed} of {Content.Plural.Of(entries.Count, "feed")}" +
                (states.Count > 0 ? $"; {Content.Plural.Of(clipped, "post")} clipped from them already." : "."));
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the OPML ('-' for standard output)" };
        var command = new Command("export", "Write the approved contributors' feeds as OPML.") { file };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var contributors = await services.GetRequiredService<IClippingStore>().GetContributorsAsync(cancellationToken);
            var title = services.GetRequiredService<ClippingOptions>().Site.Title + ": contributors";
            var target = parse.GetValue(file)!;
            if (target.Name == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                OpmlWriter.Write(stdout, title, contributors);
            }
            else
            {
                await using var output = target.Create();
                OpmlWriter.Write(output, title, contributors);
                Console.WriteLine($"Wrote {target.FullName}.");
            }
            return 0;
        });
        return command;
    }

    /// <summary>One OPML entry's import: the line that reports it, and what an approved feed's check stored.</summary>
    private sealed record Imported(string Line, KeyValuePair<string, FeedState>? State = null, Task<Refresh.FeedOutcome>? Saving = null, bool Failed = false);
}

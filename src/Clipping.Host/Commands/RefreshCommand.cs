using System.CommandLine;
using Clipping.Refresh;

namespace Clipping.Host.Commands;

/// <summary><c>clipping refresh</c>: one run now, its report printed. Feeds failing is reported, not an error.</summary>
internal static class RefreshCommand
{
    public static Command Create()
    {
        var command = new Command("refresh", "Refresh every approved feed once, now, and print the report.");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var report = await services.GetRequiredService<RefreshRunner>().RunAsync(cancellationToken);
            Console.WriteLine(report);
            foreach (var feed in report.Feeds)
            {
                var detail = feed.Kind switch
                {
                    FeedOutcomeKind.Fetched => $"{feed.PostsSeen} posts, {feed.PostsMatched} matched: {feed.New} new, {feed.Updated} updated, {feed.Merged} merged",
                    FeedOutcomeKind.NotModified => "not modified",
                    FeedOutcomeKind.Skipped => $"waiting after failures ({TerminalText.Safe(feed.Error)})",
                    _ => $"FAILED: {TerminalText.Safe(feed.Error)}",
                };
                Console.WriteLine($"  {TerminalText.Safe(feed.ContributorName)}: {detail}");
                foreach (var warning in feed.Warnings ?? []) Console.WriteLine($"    warning: {TerminalText.Safe(warning)}");
            }
            return 0;
        });
        return command;
    }
}

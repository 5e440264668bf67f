using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clipping.Contributors;
using Clipping.Feeds;

namespace Clipping.Host.Commands;

/// <summary><c>clipping check URL-OR-FILE [--json]</c>: parse one feed and say, post by post, whether and why it matches.</summary>
internal static class CheckCommand
{
    // Generated at build time for named types (no reflection), so the output needs nothing a trimmed or Native AOT
    // build lacks.
    private static readonly CheckJsonContext Json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });

    public static Command Create()
    {
        var target = new Argument<string>("url-or-file") { Description = "A feed's address or a file holding one" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var allPosts = new Option<bool>("--all-posts") { Description = "Judge as a feed registered with every post belonging" };
        var command = new Command("check", "Parse one feed and show each post, its tags, and whether and why it matches.") { target, json, allPosts };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            FeedCheckReport report;
            try
            {
                report = await services.GetRequiredService<FeedCheck>().CheckAsync(
                    parse.GetValue(target)!, parse.GetValue(allPosts) ? FeedMode.AllPosts : FeedMode.TaggedPosts, cancellationToken);
            }
            catch (Exception e) when (parse.GetValue(json) && e is not OperationCanceledException)
            {
                // --json promises JSON: a failure is an object too, with the message a person would have seen.
                Console.WriteLine(JsonSerializer.Serialize(new CheckJsonError(e.Message), Json.CheckJsonError));
                return 1;
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new CheckJson(report.Feed, report.Items.Select(i => new CheckJsonItem(
                    i.Title, i.Link, i.Id, i.Published?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                    i.Authors, i.Tags, i.Summary, i.Image, i.Matches, i.Reason)).ToList()), Json.CheckJson));
                return 0;
            }
            Console.WriteLine($"{TerminalText.Safe(report.Feed.Title)} ({report.Feed.Format}) {TerminalText.Safe(report.Feed.Link)}");
            foreach (var warning in report.Feed.Warnings) Console.WriteLine($"warning: {TerminalText.Safe(warning)}");
            foreach (var item in report.Items)
            {
                Console.WriteLine();
                Console.WriteLine($"{(item.Matches.Values.Any(m => m) ? "[clipped]    " : "[not clipped]")} {TerminalText.Safe(item.Title)}");
                Console.WriteLine($"  link: {TerminalText.Safe(item.Link ?? "(none)")}");
                Console.WriteLine($"  published: {(item.Published is { } p ? p.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "(no date: the time it is first seen)")}");
                Console.WriteLine($"  tags: {(item.Tags.Count == 0 ? "(none)" : TerminalText.Safe(string.Join(", ", item.Tags)))}");
                Console.WriteLine($"  why: {TerminalText.Safe(item.Reason)}");
            }
            return 0;
        });
        return command;
    }
}

/// <summary><c>check --json</c>'s output: the feed, and each post with whether and why it matches.</summary>
internal sealed record CheckJson(FeedCheckFeed Feed, IReadOnlyList<CheckJsonItem> Items);

/// <param name="Published">UTC, to the second, as yyyy-MM-ddTHH:mm:ssZ.</param>
internal sealed record CheckJsonItem(
    string? Title, string? Link, string? Id, string? Published, IReadOnlyList<string> Authors, IReadOnlyList<string> Tags,
    string Summary, string? Image, IReadOnlyDictionary<string, bool> Matches, string Reason);

/// <summary><c>check --json</c>'s answer when the feed could not be read.</summary>
internal sealed record CheckJsonError(string Error);

[JsonSerializable(typeof(CheckJson))]
[JsonSerializable(typeof(CheckJsonError))]
internal sealed partial class CheckJsonContext : JsonSerializerContext;

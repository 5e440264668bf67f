using System.Text.RegularExpressions;

namespace Clipping.Feeds.Parsing.Fields;

/// <summary>Turns the author strings feeds write into names.</summary>
internal static partial class AuthorNames
{
    /// <summary>
    /// The name in an author string. RSS asks for an email address in &lt;author&gt;, so feeds write
    /// "jane@example.com (Jane Doe)"; others write "Jane Doe &lt;jane@example.com&gt;" or "Jane Doe (jane@example.com)",
    /// sometimes as a mailto: URL. Either way the name is what is shown. A bare address stays: it is all the feed says.
    /// </summary>
    public static string? Clean(string? raw)
    {
        var text = FeedText.CollapseWhitespace(raw);
        if (text is null || !text.Contains('@', StringComparison.Ordinal)) return text;
        var m = EmailThenName().Match(text);
        if (!m.Success) m = NameThenEmail().Match(text);
        if (!m.Success) m = NameThenEmailInParentheses().Match(text);
        return m.Success ? FeedText.NullIfBlank(m.Groups["name"].Value) : text;
    }

    /// <summary>Tidy names without repeats, in the feed's order. Never split on commas: "Doe, Jane" is one person.</summary>
    public static List<string> Distinct(IEnumerable<string?> raw)
    {
        var names = new List<string>();
        foreach (var value in raw)
        {
            if (Clean(value) is { } name && !names.Contains(name, StringComparer.Ordinal)) names.Add(name);
        }
        return names;
    }

    [GeneratedRegex(@"^\S+@\S+\s*\((?<name>[^()]+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailThenName();

    [GeneratedRegex(@"^(?<name>[^<>]+?)\s*<(?:mailto:)?[^<>@\s]+@[^<>\s]+>$", RegexOptions.CultureInvariant)]
    private static partial Regex NameThenEmail();

    [GeneratedRegex(@"^(?<name>[^()]+?)\s*\((?:mailto:)?[^()@\s]+@[^()\s]+\)$", RegexOptions.CultureInvariant)]
    private static partial Regex NameThenEmailInParentheses();
}

using System.Text;

namespace Clipping.Content;

/// <summary>
/// Text that strangers supply and people read as one line (a contributor's name, a feed's error, a server's reason
/// phrase), cleaned where it enters: control characters, line breaks and bidirectional overrides would let it forge
/// lines or move the cursor in an operator's terminal, or reorder what a page shows.
/// </summary>
public static class OneLineText
{
    /// <summary>The text with control and bidirectional-override characters removed and white space folded to single spaces.</summary>
    public static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                // A control character between two words must not glue them together.
                space = clean.Length > 0;
                continue;
            }
            if (IsBidiControl(c)) continue;
            if (space) clean.Append(' ');
            space = false;
            clean.Append(c);
        }
        return clean.ToString();
    }

    /// <summary>The same, cut to <paramref name="maxLength"/> characters with "..." after: a stranger's text quoted in a message.</summary>
    public static string Clean(string text, int maxLength)
    {
        var clean = Clean(text);
        return clean.Length > maxLength ? clean[..maxLength] + "..." : clean;
    }

    /// <summary>The same, for text that may be missing.</summary>
    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    /// <summary>Left-to-right and right-to-left embeddings, overrides, isolates and marks.</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}

using System.Globalization;
using System.Text;
using Clipping.Content;

namespace Clipping.Host.Commands;

/// <summary>
/// Text from the store or from feeds, made safe to print to an operator's terminal. Text is cleaned where it enters
/// (<see cref="OneLineText"/>), but a store written by an older version, or a feed read by <c>check</c>, may still hold
/// escape sequences and line breaks: on output they are shown as visible escapes (<c>\x1B</c>), never obeyed.
/// </summary>
internal static class TerminalText
{
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(NeedsEscape)) return text;
        var safe = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (NeedsEscape(c)) safe.Append(c <= '\xFF' ? $"\\x{(int)c:X2}" : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            else safe.Append(c);
        }
        return safe.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || OneLineText.IsBidiControl(c);
}

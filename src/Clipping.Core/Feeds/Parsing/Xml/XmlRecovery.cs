using System.Globalization;
using System.Net;
using System.Text;

namespace Clipping.Feeds.Parsing.Xml;

/// <summary>
/// Repairs the mistakes that stop feeds from being XML, in one pass over the text: a bare "&amp;", an HTML entity
/// XML does not define (&amp;eacute;, &amp;nbsp;), and control characters XML forbids. Only run after a clean parse
/// has failed, so well-formed feeds never pay for it. CDATA sections, comments and processing instructions are
/// literal text to XML, so their ampersands are left alone.
/// </summary>
internal static class XmlRecovery
{
    private const int LongestEntityName = 32;
    private static readonly string[] XmlEntities = ["amp", "lt", "gt", "quot", "apos"];

    /// <summary>The repaired text (the same instance when nothing needed repair), and what was done, as warnings.</summary>
    public static string Repair(string text, List<string> warnings)
    {
        var output = new StringBuilder(text.Length + 64);
        var htmlEntities = new List<string>();
        int bareAmpersands = 0, illegalCharacters = 0, literalEnd = 0;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '<' && i >= literalEnd)
            {
                literalEnd = LiteralSectionEnd(text, i);
            }
            else if (c == '&' && i >= literalEnd)
            {
                var length = ReferenceLength(text, i, out var isNumeric);
                if (length == 0)
                {
                    output.Append("&amp;");
                    bareAmpersands++;
                    continue;
                }
                var reference = text.Substring(i, length);
                i += length - 1;
                if (isNumeric ? IsLegalCharacterReference(reference) : IsXmlEntity(reference))
                {
                    output.Append(reference);
                }
                else if (isNumeric)
                {
                    illegalCharacters++;
                }
                else if (WebUtility.HtmlDecode(reference) is var decoded && decoded != reference)
                {
                    AppendCharacterReferences(output, decoded);
                    if (htmlEntities.Count < 5 && !htmlEntities.Contains(reference)) htmlEntities.Add(reference);
                }
                else
                {
                    output.Append("&amp;").Append(reference, 1, reference.Length - 1);
                    bareAmpersands++;
                }
                continue;
            }
            else if (IsIllegal(text, i))
            {
                illegalCharacters++;
                continue;
            }
            output.Append(c);
        }

        if (htmlEntities.Count > 0) warnings.Add($"The feed uses HTML entities that XML does not define ({string.Join(", ", htmlEntities)}): read them as HTML");
        if (bareAmpersands > 0) warnings.Add($"The feed has {Count(bareAmpersands, "'&'")} that XML does not allow unescaped: read them as text");
        if (illegalCharacters > 0) warnings.Add($"The feed has {Count(illegalCharacters, "control character")} that XML does not allow: removed them");
        return htmlEntities.Count + bareAmpersands + illegalCharacters == 0 ? text : output.ToString();
    }

    private static string Count(int n, string what) => n == 1 ? $"one {what}" : $"{n} {what}s";

    /// <summary>Where a CDATA section, comment or processing instruction starting at <paramref name="i"/> ends; <paramref name="i"/> when none starts there.</summary>
    private static int LiteralSectionEnd(string text, int i)
    {
        var span = text.AsSpan(i);
        var end = span.StartsWith("<![CDATA[") ? "]]>" : span.StartsWith("<!--") ? "-->" : span.StartsWith("<?") ? "?>" : null;
        if (end is null) return i;
        var at = text.IndexOf(end, i + 2, StringComparison.Ordinal);
        return at < 0 ? text.Length : at + end.Length;
    }

    /// <summary>The length of the "&amp;name;" or "&amp;#123;" starting at <paramref name="i"/>, or 0 when the "&amp;" starts none.</summary>
    private static int ReferenceLength(string text, int i, out bool isNumeric)
    {
        isNumeric = i + 1 < text.Length && text[i + 1] == '#';
        var j = i + 1;
        if (isNumeric)
        {
            j++;
            var hex = j < text.Length && text[j] is 'x' or 'X';
            if (hex) j++;
            var digitsStart = j;
            while (j < text.Length && (hex ? char.IsAsciiHexDigit(text[j]) : char.IsAsciiDigit(text[j]))) j++;
            if (j == digitsStart) return 0;
        }
        else
        {
            if (j >= text.Length || !char.IsAsciiLetter(text[j])) return 0;
            while (j < text.Length && char.IsAsciiLetterOrDigit(text[j]) && j - i <= LongestEntityName) j++;
        }
        return j < text.Length && text[j] == ';' ? j - i + 1 : 0;
    }

    private static bool IsXmlEntity(string reference) => XmlEntities.Contains(reference[1..^1]);

    /// <summary>"&amp;#0;" and "&amp;#xD800;" are as illegal in XML as the characters they name.</summary>
    private static bool IsLegalCharacterReference(string reference)
    {
        var hex = reference[2] is 'x' or 'X';
        var digits = reference.AsSpan(hex ? 3 : 2, reference.Length - (hex ? 4 : 3));
        if (!int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)) return false;
        return code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
    }

    /// <summary>Numeric references say the same as the HTML entity without depending on anything XML must know.</summary>
    private static void AppendCharacterReferences(StringBuilder output, string decoded)
    {
        foreach (var rune in decoded.EnumerateRunes()) output.Append("&#").Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
    }

    /// <summary>Characters XML 1.0 forbids even in text: C0 controls but tab and line breaks, U+FFFE/U+FFFF, unpaired surrogates.</summary>
    private static bool IsIllegal(string text, int i)
    {
        var c = text[i];
        if (c < 0x20) return c is not ('\t' or '\n' or '\r');
        if (c is '\uFFFE' or '\uFFFF') return true;
        if (char.IsHighSurrogate(c)) return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c)) return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        return false;
    }
}

using System.Globalization;
using System.Text;

namespace Clipping.Topics;

/// <summary>
/// Folds a tag to the key it is compared by, so that "Big Society", "big-society", "BigSociety",
/// "#bigsociety" and "  big   society " are one tag.
/// </summary>
public static class TagKey
{
    public static string Of(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return "";
        var decomposed = tag.Trim().TrimStart('#').Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            // Diacritics, separators and punctuation joining words carry no meaning in a tag.
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (char.IsWhiteSpace(c) || c is '-' or '_' or '\u2010' or '\u2011' or '\u2013' or '\u2014' or '.') continue;
            key.Append(char.ToLowerInvariant(c));
        }
        // ToLowerInvariant is not a full case fold: "ß" and "ẞ" should meet as "ss".
        return key.ToString().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
    }

    /// <summary>A URL-safe slug for a topic name: "Big Society" becomes "big-society".</summary>
    public static string Slugify(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(decomposed.Length);
        var pendingDash = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingDash && slug.Length > 0) slug.Append('-');
                slug.Append(char.ToLowerInvariant(c));
                pendingDash = false;
            }
            else
            {
                pendingDash = true;
            }
        }
        return slug.ToString();
    }
}

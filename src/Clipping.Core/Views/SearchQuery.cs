using System.Globalization;
using System.Text;

namespace Clipping.Views;

/// <summary>
/// What a reader typed into the search box, as whole words folded the way both stores index them (lower case,
/// diacritics dropped, split at anything that is not a letter or digit). Every word must match.
/// </summary>
public sealed record SearchQuery
{
    public const int MaxTerms = 8;

    private SearchQuery(IReadOnlyList<string> terms) => Terms = terms;

    public IReadOnlyList<string> Terms { get; }

    public bool IsEmpty => Terms.Count == 0;

    public static SearchQuery Parse(string? text) =>
        new(SearchTerms.Of(text).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList());
}

/// <summary>
/// Splits text into search terms. The Table store indexes a clipping by exactly these; SQLite's FTS5 tokenizer
/// (unicode61, remove_diacritics 2) splits and folds the same way, so a query finds the same clippings on both.
/// </summary>
public static class SearchTerms
{
    /// <summary>Shorter words say too little to look up; longer ones are cut (no real word is longer).</summary>
    public const int MinLength = 2;
    public const int MaxLength = 40;

    public static IEnumerable<string> Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var word = new StringBuilder();
        foreach (var c in decomposed.Append(' '))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length >= MinLength) yield return (word.Length > MaxLength ? word.ToString(0, MaxLength) : word.ToString()).Normalize(NormalizationForm.FormC);
            word.Clear();
        }
    }
}

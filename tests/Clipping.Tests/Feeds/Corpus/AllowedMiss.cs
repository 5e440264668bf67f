using System.Text.RegularExpressions;

namespace Clipping.Tests.Feeds.Corpus;

/// <summary>A field whose expected value is wrong or a matter of taste, so a difference there is not a parser bug.</summary>
/// <param name="Field">As in <see cref="FieldCheck.Field"/>; "items[*].x" covers that field of every item.</param>
/// <param name="Reason">Why, for the next reader: an entry without one is no better than a silent skip.</param>
internal sealed record AllowedMiss(string File, string Field, string Reason)
{
    public bool Covers(FieldCheck check) =>
        check.File == File && (check.Field == Field || (Field.Contains("[*]", StringComparison.Ordinal) && Pattern().IsMatch(check.Field)));

    private Regex Pattern() => new("^" + Regex.Escape(Field).Replace(@"\[\*]", @"\[\d+]", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}

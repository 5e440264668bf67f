using System.Globalization;
using System.Text.RegularExpressions;

namespace Clipping.Feeds.Parsing.Fields;

/// <summary>
/// Reads the dates feeds write, as UTC instants.
/// </summary>
/// <remarks>
/// FeedReader has already parsed the usual fields, and its value is used first, but only when the text names its zone
/// as an offset or as GMT/UTC/Z: it reads "EST" and other zone names as UTC (hours off, without saying so), reads a
/// date with no zone in the server's local time, and depends on the current culture. Everything else, and whatever it
/// cannot read, goes to the readers here; a date nobody can read is null, and the pipeline uses the time it first saw the post.
/// </remarks>
internal static partial class FeedDates
{
    /// <summary>Zone names seen in feeds. Other letters count as UTC, as RFC 5322 says of zones it does not define.</summary>
    private static readonly Dictionary<string, int> ZoneHours = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = 0, ["UT"] = 0, ["UTC"] = 0, ["Z"] = 0, ["WET"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5, ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
        ["AKST"] = -9, ["AKDT"] = -8, ["HST"] = -10, ["AST"] = -4, ["ADT"] = -3,
        ["BST"] = 1, ["IST"] = 1, ["CET"] = 1, ["CEST"] = 2, ["MET"] = 1, ["MEST"] = 2, ["WEST"] = 1,
        ["EET"] = 2, ["EEST"] = 3, ["MSK"] = 3, ["JST"] = 9, ["KST"] = 9, ["HKT"] = 8, ["SGT"] = 8,
        ["AEST"] = 10, ["AEDT"] = 11, ["ACST"] = 9, ["AWST"] = 8, ["NZST"] = 12, ["NZDT"] = 13,
    };

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>
    /// Month names and abbreviations that blogs in Portuguese, Spanish, French, German, Italian and Dutch write in place of
    /// RFC 822's English ones (compared without accents; English's own are found by their first three letters). No
    /// abbreviation here means one month in one language and another in another.
    /// </summary>
    private static readonly Dictionary<string, int> ForeignMonths = new(StringComparer.Ordinal)
    {
        // January
        ["ene"] = 1, ["enero"] = 1, ["janv"] = 1, ["janvier"] = 1, ["gen"] = 1, ["gennaio"] = 1, ["janeiro"] = 1, ["januar"] = 1, ["januari"] = 1,
        // February
        ["fev"] = 2, ["fevr"] = 2, ["fevrier"] = 2, ["fevereiro"] = 2, ["febrero"] = 2, ["febbraio"] = 2, ["februar"] = 2, ["februari"] = 2,
        // March
        ["mars"] = 3, ["marzo"] = 3, ["marco"] = 3, ["marz"] = 3, ["mrz"] = 3, ["mrt"] = 3, ["maart"] = 3, ["maa"] = 3,
        // April
        ["abr"] = 4, ["abril"] = 4, ["avr"] = 4, ["avril"] = 4, ["aprile"] = 4,
        // May
        ["mai"] = 5, ["maio"] = 5, ["mayo"] = 5, ["mag"] = 5, ["maggio"] = 5, ["mei"] = 5,
        // June
        ["juin"] = 6, ["junio"] = 6, ["junho"] = 6, ["juni"] = 6, ["giu"] = 6, ["giugno"] = 6,
        // July
        ["juil"] = 7, ["juill"] = 7, ["juillet"] = 7, ["julio"] = 7, ["julho"] = 7, ["juli"] = 7, ["lug"] = 7, ["luglio"] = 7,
        // August
        ["ago"] = 8, ["agosto"] = 8, ["aou"] = 8, ["aout"] = 8, ["augustus"] = 8,
        // September
        ["set"] = 9, ["sett"] = 9, ["setembro"] = 9, ["settembre"] = 9, ["septiembre"] = 9, ["septembre"] = 9,
        // October
        ["out"] = 10, ["outubro"] = 10, ["octubre"] = 10, ["octobre"] = 10, ["ott"] = 10, ["ottobre"] = 10, ["okt"] = 10, ["oktober"] = 10,
        // November
        ["novembro"] = 11, ["noviembre"] = 11, ["novembre"] = 11,
        // December
        ["dez"] = 12, ["dezembro"] = 12, ["dezember"] = 12, ["dic"] = 12, ["diciembre"] = 12, ["dicembre"] = 12, ["decembre"] = 12,
    };

    /// <summary>The instant <paramref name="raw"/> names, else FeedReader's reading of it, else null.</summary>
    public static DateTimeOffset? Parse(string? raw, DateTime? feedReaderValue = null)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (feedReaderValue is { } value && NamesItsOffset(text)) return FromFeedReader(value);
        var strict = LooksIso(text) ? ParseIso(text) : ParseRfc822(text) ?? ParseMonthFirst(text);
        return strict ?? FromFeedReader(feedReaderValue) ?? ParseAnyInvariant(text);
    }

    /// <summary>Whether the text ends in a zone FeedReader reads right: a numeric offset, GMT, UT(C) or Z.</summary>
    private static bool NamesItsOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith("GMT", StringComparison.OrdinalIgnoreCase) || text.EndsWith("UT", StringComparison.OrdinalIgnoreCase)
            || text.EndsWith("UTC", StringComparison.OrdinalIgnoreCase)) return true;
        var digits = text.AsSpan(Math.Max(0, text.Length - 6));
        var sign = digits.LastIndexOfAny('+', '-');
        if (sign < 0) return false;
        var offset = digits[(sign + 1)..];
        return offset.Length is 4 or 5 && char.IsAsciiDigit(offset[0]) && char.IsAsciiDigit(offset[1]) && char.IsAsciiDigit(offset[^1]) && char.IsAsciiDigit(offset[^2])
            && (offset.Length == 4 || offset[2] == ':');
    }

    private static bool LooksIso(string text) => text.Length >= 8 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[3]) && (text[4] == '-' || char.IsAsciiDigit(text[4]));

    private static DateTimeOffset? ParseIso(string text)
    {
        // .NET reads the common ISO forms itself, faster than the pattern; the pattern takes the rest (no separators, "+01").
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)) return value.ToUniversalTime();
        var m = IsoPattern().Match(text);
        if (!m.Success) return null;
        return Build(Int(m, "y"), Int(m, "mo"), Int(m, "d"), Int(m, "h"), Int(m, "mi"), Int(m, "s"), m.Groups["f"].Value, m.Groups["z"].Value);
    }

    private static DateTimeOffset? ParseRfc822(string text)
    {
        var m = Rfc822Pattern().Match(text);
        if (!m.Success || Month(m.Groups["mo"].Value) is not { } month) return null;
        return Build(Year(m.Groups["y"].Value), month, Int(m, "d"), Int(m, "h"), Int(m, "mi"), Int(m, "s"), m.Groups["f"].Value, m.Groups["z"].Value);
    }

    /// <summary>"Oct 22, 2010 14:20 EST", and the C/JavaScript form "Fri Oct 22 14:20:00 +0000 2010".</summary>
    private static DateTimeOffset? ParseMonthFirst(string text)
    {
        var m = MonthFirstPattern().Match(text);
        if (!m.Success || Month(m.Groups["mo"].Value) is not { } month) return null;
        var year = m.Groups["y"].Success ? m.Groups["y"].Value : m.Groups["y2"].Value;
        if (year.Length == 0) return null;
        return Build(Year(year), month, Int(m, "d"), Int(m, "h"), Int(m, "mi"), Int(m, "s"), m.Groups["f"].Value, m.Groups["z"].Value);
    }

    private static DateTimeOffset? FromFeedReader(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v, DateTimeKind.Utc)) : null;

    private static DateTimeOffset? ParseAnyInvariant(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value.ToUniversalTime()
            : null;

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, string fraction, string zone)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        if (hour > 23 || minute > 59 || second > 60) return null;
        if (Offset(zone) is not { } offset) return null;
        // A leap second is the last second of the minute to anyone but an astronomer.
        var local = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified).AddTicks(FractionTicks(fraction));
        var utc = local - offset;
        return utc.Year is < 1 or > 9999 ? null : new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }

    /// <summary>The zone's offset from UTC; no zone at all means UTC, since the feed gives nothing better.</summary>
    private static TimeSpan? Offset(string zone)
    {
        var z = zone.Trim();
        if (z.Length == 0) return TimeSpan.Zero;
        if (z[0] is not ('+' or '-'))
        {
            // "GMT+01:00" writes the offset after a name.
            var sign = z.IndexOfAny(['+', '-']);
            if (sign < 0) return ZoneHours.TryGetValue(z, out var hours) ? TimeSpan.FromHours(hours) : TimeSpan.Zero;
            z = z[sign..];
        }
        var digits = z[1..].Replace(":", "", StringComparison.Ordinal);
        if (digits.Length is not (1 or 2 or 4) || !digits.All(char.IsAsciiDigit)) return null;
        var h = int.Parse(digits.Length == 4 ? digits[..2] : digits, CultureInfo.InvariantCulture);
        var m = digits.Length == 4 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
        if (h > 14 || m > 59) return null;
        var offset = new TimeSpan(h, m, 0);
        return z[0] == '-' ? -offset : offset;
    }

    private static long FractionTicks(string fraction)
    {
        if (fraction.Length == 0) return 0;
        var seven = fraction.Length >= 7 ? fraction[..7] : fraction.PadRight(7, '0');
        return long.Parse(seven, CultureInfo.InvariantCulture);
    }

    private static int? Month(string name)
    {
        if (name.Length < 3) return null;
        var plain = WithoutAccents(name.TrimEnd('.').ToLowerInvariant());
        if (ForeignMonths.TryGetValue(plain, out var foreign)) return foreign;
        // French "juin" and "juillet" share their first three letters; so do no English months.
        if (plain.StartsWith("jui", StringComparison.Ordinal)) return null;
        var index = Array.IndexOf(Months, plain[..3]);
        if (index >= 0) return index + 1;
        return ForeignMonths.TryGetValue(plain[..3], out var byPrefix) ? byPrefix : null;
    }

    private static string WithoutAccents(string text)
    {
        if (text.All(char.IsAscii)) return text;
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        return new string(decomposed.Where(static c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
    }

    /// <summary>Two-digit years as RFC 5322 reads them: 00-49 are 2000s, 50-99 are 1900s.</summary>
    private static int Year(string digits)
    {
        var year = int.Parse(digits, CultureInfo.InvariantCulture);
        return digits.Length > 2 ? year : year < 50 ? 2000 + year : 1900 + year;
    }

    private static int Int(Match m, string group) =>
        m.Groups[group] is { Success: true, Value.Length: > 0 } g ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;

    private const string Zone = @"(?<z>Z|(?:GMT|UTC|UT)?\s*[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})";
    private const string Time = @"(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?";

    /// <summary>2010-10-25T21:40:00.000+01:00 and its relatives: no seconds, no zone, a space for the T, no separators.</summary>
    [GeneratedRegex(@"^(?<y>\d{4})-?(?<mo>\d{2})-?(?<d>\d{2})(?:(?:[Tt]|\s+)(?<h>\d{2}):?(?<mi>\d{2})(?::?(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?\s*" + Zone + @"?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    /// <summary>Tue, 19 Oct 2010 10:00:00 +0000 and its relatives: no day name, two-digit years, no seconds, named zones, a trailing "(PDT)".</summary>
    [GeneratedRegex(@"^(?:\p{L}{2,}\.?,?\s*)?(?<d>\d{1,2})\.?[\s-]+(?<mo>\p{L}{3,})\.?,?[\s-]+(?<y>\d{4}|\d{2})(?:,?(?:\s+|T)" + Time + @")?\s*" + Zone + @"?\s*(?:\([^)]*\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc822Pattern();

    [GeneratedRegex(@"^(?:\p{L}{2,}\.?,?\s+)?(?<mo>\p{L}{3,})\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(?<y>\d{4}))?(?:,?\s+" + Time + @")?\s*" + Zone + @"?(?:\s+(?<y2>\d{4}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthFirstPattern();
}

using System.Globalization;

namespace Clipping.Content;

/// <summary>"1 feed", "2 feeds": counts that read right in messages and reports.</summary>
public static class Plural
{
    public static string Of(int count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}

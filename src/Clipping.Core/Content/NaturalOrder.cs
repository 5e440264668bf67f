using System.Globalization;

namespace Clipping.Content;

/// <summary>
/// Orders names as people do: case ignored, and runs of digits by their value, so "Blog 2" comes before "Blog 10".
/// </summary>
public sealed class NaturalOrder : IComparer<string?>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var xStart = i; var yStart = j;
                while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                var a = x.AsSpan(xStart, i - xStart).TrimStart('0');
                var b = y.AsSpan(yStart, j - yStart).TrimStart('0');
                // Longer (without leading zeros) is larger; equal lengths compare digit by digit.
                var byValue = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
                if (byValue != 0) return byValue;
                continue;
            }
            var byText = string.Compare(x, i, y, j, 1, CultureInfo.InvariantCulture, CompareOptions.IgnoreCase);
            if (byText != 0) return byText;
            i++; j++;
        }
        var byRest = (x.Length - i).CompareTo(y.Length - j);
        return byRest != 0 ? byRest : string.CompareOrdinal(x, y);
    }
}

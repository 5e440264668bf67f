using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Feeds.Parsing.Decoding;

/// <summary>
/// Turns the downloaded bytes into text. The encoding comes from the byte-order mark, else the HTTP charset, else the
/// XML declaration, else UTF-8 (the BOM goes first, as RFC 7303 and browsers have it: it cannot be wrong by accident).
/// </summary>
internal static class FeedDecoding
{
    private static readonly Encoding Windows1252;

    /// <summary>What each byte means in Windows-1252, for reading stray bytes in otherwise UTF-8 text.</summary>
    private static readonly string Windows1252Chars;

    static FeedDecoding()
    {
        // .NET ships only the Unicode encodings and Latin-1 by default; the code pages come from this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
        Windows1252Chars = Windows1252.GetString(Enumerable.Range(0, 256).Select(static b => (byte)b).ToArray());
    }

    public static string Decode(ReadOnlySpan<byte> body, string? contentType, List<string> warnings)
    {
        if (FromBom(body) is var (bomEncoding, bomLength)) return bomEncoding.GetString(body[bomLength..]);
        if (FromShape(body) is { } wide) return wide.GetString(body);

        if (Declared(body, contentType) is not var (name, source)) return DecodeUtf8(body, warnings);

        var encoding = Lookup(name);
        if (encoding is null)
        {
            warnings.Add($"Unknown character encoding '{name}' named by {source}: read the feed as UTF-8");
            return DecodeUtf8(body, warnings);
        }
        if (encoding.CodePage == Encoding.UTF8.CodePage) return DecodeUtf8(body, warnings);
        if (encoding.CodePage == 1252 && LooksLikeUtf8(body))
        {
            // A server or template that says Latin-1 over UTF-8 text is common; real Latin-1 text is almost never valid UTF-8.
            warnings.Add($"The feed is UTF-8, though {source} says '{name}': read it as UTF-8");
            return Encoding.UTF8.GetString(body);
        }
        // Latin-1 and Windows-1252 differ only in 0x80-0x9F; without those bytes .NET's vectorised Latin-1 decoder gives the same text.
        if (encoding.CodePage == 1252 && body.IndexOfAnyInRange((byte)0x80, (byte)0x9F) < 0) return Encoding.Latin1.GetString(body);
        return encoding.GetString(body);
    }

    /// <summary>
    /// True when <see cref="Decode"/> would read the bytes after <paramref name="bomLength"/> as plain UTF-8 and warn of
    /// nothing: valid UTF-8 named as such or not named at all, or ASCII named as Latin-1. Such a feed can be read as it
    /// is decoded, without a string of the whole of it.
    /// </summary>
    public static bool IsPlainUtf8(ReadOnlySpan<byte> body, string? contentType, out int bomLength)
    {
        bomLength = 0;
        if (FromBom(body) is var (bomEncoding, length))
        {
            if (bomEncoding.CodePage != Encoding.UTF8.CodePage) return false;
            bomLength = length;
            return Utf8.IsValid(body[length..]);
        }
        if (FromShape(body) is not null) return false;
        if (Declared(body, contentType) is not var (name, _)) return Utf8.IsValid(body);
        return Lookup(name) switch
        {
            { CodePage: var page } when page == Encoding.UTF8.CodePage => Utf8.IsValid(body),
            { CodePage: 1252 } => body.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0,
            _ => false,
        };
    }

    /// <summary>The encoding the server names, else the one the XML declaration names, and who named it.</summary>
    private static (string Name, string Source)? Declared(ReadOnlySpan<byte> body, string? contentType) =>
        CharsetOf(contentType) is { } header ? (header, "the server") : XmlDeclaredEncoding(body) is { } xml ? (xml, "the feed") : null;

    /// <summary>The charset parameter of a Content-Type header, unquoted, or null.</summary>
    public static string? CharsetOf(string? contentType)
    {
        if (contentType is null) return null;
        foreach (var part in contentType.Split(';'))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && pair[0].Equals("charset", StringComparison.OrdinalIgnoreCase))
                return FeedText.NullIfBlank(pair[1].Trim('"', '\''));
        }
        return null;
    }

    /// <summary>The encoding a name stands for. ISO-8859-1 and US-ASCII are read as Windows-1252, the superset browsers use for them.</summary>
    private static Encoding? Lookup(string name)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "latin1" or "latin-1" or "l1" or "us-ascii" or "ascii" or "cp1252" or "windows-1252":
                return Windows1252;
            case "utf8" or "utf-8":
                return Encoding.UTF8;
            case "utf-16" or "utf-16le" or "utf-16be" or "utf-32" or "unicode":
                // Reached only for bytes that read as ASCII (no BOM, no UTF-16 shape), so the label is wrong.
                return Encoding.UTF8;
        }
        try
        {
            return Encoding.GetEncoding(name.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static readonly Encoding Utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

    // UTF-32's little-endian mark begins like UTF-16's, so it is tried first.
    private static (Encoding, int)? FromBom(ReadOnlySpan<byte> body) => body switch
    {
        [0xFF, 0xFE, 0, 0, ..] => (Encoding.UTF32, 4),
        [0, 0, 0xFE, 0xFF, ..] => (Utf32BigEndian, 4),
        [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
        [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
        [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
        _ => null,
    };

    /// <summary>UTF-32 and UTF-16 without a BOM show themselves in how the first "&lt;" is written (XML's own rule, appendix F).</summary>
    private static Encoding? FromShape(ReadOnlySpan<byte> body) => body switch
    {
        [(byte)'<', 0, 0, 0, ..] => Encoding.UTF32,
        [0, 0, 0, (byte)'<', ..] => Utf32BigEndian,
        [(byte)'<', 0, (byte)'?', 0, ..] or [(byte)'<', 0, (byte)'r', 0, ..] or [(byte)'<', 0, (byte)'f', 0, ..] => Encoding.Unicode,
        [0, (byte)'<', 0, (byte)'?', ..] or [0, (byte)'<', 0, (byte)'r', ..] or [0, (byte)'<', 0, (byte)'f', ..] => Encoding.BigEndianUnicode,
        _ => null,
    };

    /// <summary>The encoding="..." of an XML declaration at the start of the bytes, read as ASCII.</summary>
    private static string? XmlDeclaredEncoding(ReadOnlySpan<byte> body)
    {
        var start = body.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0 || !body[start..].StartsWith("<?xml"u8)) return null;
        var head = body[start..Math.Min(body.Length, start + 512)];
        var end = head.IndexOf("?>"u8);
        if (end < 0) return null;
        var declaration = Encoding.ASCII.GetString(head[..end]);
        var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0) return null;
        var rest = declaration[(at + "encoding".Length)..].TrimStart().TrimStart('=').TrimStart();
        if (rest.Length == 0 || rest[0] is not ('"' or '\'')) return null;
        var close = rest.IndexOf(rest[0], 1);
        return close < 0 ? null : FeedText.NullIfBlank(rest[1..close]);
    }

    private static bool LooksLikeUtf8(ReadOnlySpan<byte> body) =>
        body.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && Utf8.IsValid(body);

    /// <summary>UTF-8, with any bytes that are not valid UTF-8 read as Windows-1252: a Latin-1 feed that names no
    /// encoding comes out right, and a UTF-8 feed with one stray byte keeps the rest of its text.</summary>
    private static string DecodeUtf8(ReadOnlySpan<byte> body, List<string> warnings)
    {
        if (Utf8.IsValid(body)) return Encoding.UTF8.GetString(body);

        var text = new StringBuilder(body.Length);
        var buffer = ArrayPool<char>.Shared.Rent(4096);
        var stray = 0;
        try
        {
            while (!body.IsEmpty)
            {
                var status = Utf8.ToUtf16(body, buffer, out var read, out var written, replaceInvalidSequences: false);
                text.Append(buffer, 0, written);
                body = body[read..];
                if (status is OperationStatus.InvalidData or OperationStatus.NeedMoreData && !body.IsEmpty)
                {
                    text.Append(Windows1252Chars[body[0]]);
                    body = body[1..];
                    stray++;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
        warnings.Add(stray == 1
            ? "The feed is not valid UTF-8: read one stray byte as Windows-1252"
            : $"The feed is not valid UTF-8: read {stray} stray bytes as Windows-1252");
        return text.ToString();
    }
}

namespace Clipping.Faces;

/// <summary>
/// Recognises the raster images a face may be, by their first bytes: PNG, JPEG, GIF, WebP and ICO. Anything else (SVG,
/// which can carry script, an HTML error page served as an icon, a truncated file) is refused, whatever the server
/// called it.
/// </summary>
public static class FaceImage
{
    /// <summary>The largest face kept: small icons are a few KB; this also fits one Table Storage property.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The image's type, or null with the reason it is refused.</summary>
    public static (string? ContentType, string? Refusal) Recognise(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return (null, "it is empty");
        if (bytes.Length > MaxBytes) return (null, $"it is larger than {MaxBytes / 1024} KB");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return ("image/png", null);
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return ("image/jpeg", null);
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8)) return ("image/gif", null);
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return ("image/webp", null);
        // ICONDIR: reserved 0, type 1, and at least one image.
        if (bytes.Length >= 6 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 1 && bytes[3] == 0 && (bytes[4] | bytes[5]) != 0) return ("image/x-icon", null);
        var text = System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 512)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        if (text.StartsWith("<svg", StringComparison.Ordinal) || (text.StartsWith("<?xml", StringComparison.Ordinal) && text.Contains("<svg", StringComparison.Ordinal)))
        {
            return (null, "it is an SVG image, which can carry script: only PNG, JPEG, GIF, WebP and ICO are kept");
        }
        if (text.StartsWith('<')) return (null, "it is a web page, not an image");
        return (null, "it is not a PNG, JPEG, GIF, WebP or ICO image");
    }
}

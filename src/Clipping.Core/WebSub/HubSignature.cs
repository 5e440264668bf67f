using System.Security.Cryptography;

namespace Clipping.WebSub;

/// <summary>
/// The <c>X-Hub-Signature</c> of a WebSub delivery: <c>method=signature</c>, the HMAC of the body keyed with the
/// subscription's secret, in lowercase hex, with sha1, sha256, sha384 or sha512 as the spec allows.
/// </summary>
public static class HubSignature
{
    /// <summary>Whether the header signs exactly this body with this secret; a missing, malformed or unknown-method header does not.</summary>
    public static bool IsValid(string? header, ReadOnlySpan<byte> body, string secret)
    {
        if (string.IsNullOrWhiteSpace(header)) return false;
        var equals = header.IndexOf('=');
        if (equals <= 0) return false;
        var given = header[(equals + 1)..].Trim();
        if (given.Length % 2 != 0) return false;
        byte[] expected;
        try
        {
            expected = Compute(header[..equals].Trim().ToLowerInvariant(), body, secret);
        }
        catch (ArgumentException)
        {
            return false;
        }
        byte[] actual;
        try
        {
            actual = Convert.FromHexString(given);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>The header a hub would send: what tests' hubs and a publisher use.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret, string method = "sha256") =>
        method + "=" + Convert.ToHexStringLower(Compute(method, body, secret));

    private static byte[] Compute(string method, ReadOnlySpan<byte> body, string secret)
    {
        var key = System.Text.Encoding.UTF8.GetBytes(secret);
        return method switch
        {
            "sha1" => HMACSHA1.HashData(key, body),
            "sha256" => HMACSHA256.HashData(key, body),
            "sha384" => HMACSHA384.HashData(key, body),
            "sha512" => HMACSHA512.HashData(key, body),
            _ => throw new ArgumentException($"Unknown signature method '{method}'.", nameof(method)),
        };
    }
}

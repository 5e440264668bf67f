using System.Security.Cryptography;
using System.Text;

namespace Clipping.Contributors;

/// <summary>
/// What lets a contributor act on their own registration without an account: the hash of the private key in their
/// leave link (the key itself is shown once, at registration, and never stored), and a pending claim code, which they
/// put in their feed to prove it is theirs and get a new link.
/// </summary>
/// <param name="LeaveKeyHash">SHA-256 of the leave key, hex.</param>
/// <param name="ClaimCode">The code that proves ownership of the feed when it appears in it; null when none is asked for.</param>
/// <param name="ClaimIssuedAt">When the claim code was issued: it lasts <see cref="ClaimLifetime"/>.</param>
public sealed record ContributorKeys(string? LeaveKeyHash, string? ClaimCode = null, DateTimeOffset? ClaimIssuedAt = null)
{
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromDays(7);

    /// <summary>A new leave key (shown once) and the keys record that recognises it.</summary>
    public static (string Key, ContributorKeys Keys) NewLeaveKey()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        return (key, new ContributorKeys(Hash(key)));
    }

    public bool Opens(string? key) =>
        LeaveKeyHash is not null && key is { Length: > 0 } &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(LeaveKeyHash), Encoding.ASCII.GetBytes(Hash(key)));

    public bool HasLiveClaim(DateTimeOffset now) => ClaimCode is not null && ClaimIssuedAt is { } issued && now - issued < ClaimLifetime;

    public static string NewClaimCode() => "clipping-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

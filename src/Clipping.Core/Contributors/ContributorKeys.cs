using System.Security.Cryptography;
using System.Text;

namespace Clipping.Contributors;

/// <summary>
/// A claim handed to one requester: the code they put in the feed (public once there) and the hash of a secret only
/// they were given, which they post back with it, so someone who reads the code in the feed cannot claim with it.
/// </summary>
public sealed record ClaimCode(string Code, string SecretHash, DateTimeOffset Issued);

/// <summary>
/// What lets a contributor act on their own registration without an account: the hash of the private key in their
/// leave link (the key itself is shown once, at registration, and never stored), and the claim codes asked for, each
/// given to one requester only, who proves the feed is theirs by putting it in the feed. A stranger asking gets a code
/// of their own, which the feed's owner never publishes, and cannot use or replace the owner's.
/// </summary>
/// <param name="LeaveKeyHash">SHA-256 of the leave key, hex.</param>
/// <param name="Claims">Claim codes asked for and not yet used, each lasting <see cref="ClaimLifetime"/>.</param>
public sealed record ContributorKeys(string? LeaveKeyHash, IReadOnlyList<ClaimCode>? Claims = null)
{
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromDays(7);

    /// <summary>Live claim codes kept at once; beyond this the oldest goes (the registration form is rate-limited per client).</summary>
    public const int MaxClaims = 10;

    /// <summary>A new leave key (shown once) and the keys record that recognises it.</summary>
    public static (string Key, ContributorKeys Keys) NewLeaveKey()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        return (key, new ContributorKeys(Hash(key)));
    }

    public bool Opens(string? key) =>
        LeaveKeyHash is not null && key is { Length: > 0 } &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(LeaveKeyHash), Encoding.ASCII.GetBytes(Hash(key)));

    /// <summary>These keys with a new claim added (expired and surplus ones dropped), its code and its secret.</summary>
    public (ContributorKeys Keys, string Code, string Secret) WithNewClaim(DateTimeOffset now)
    {
        var code = "clipping-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        var live = LiveClaims(now).TakeLast(MaxClaims - 1).Append(new ClaimCode(code, Hash(secret), now)).ToList();
        return (this with { Claims = live }, code, secret);
    }

    /// <summary>Whether <paramref name="code"/> was handed out for this feed with <paramref name="secret"/>, and is still live.</summary>
    public bool HasLiveClaim(string? code, string? secret, DateTimeOffset now) =>
        code is { Length: > 0 } && secret is { Length: > 0 } &&
        LiveClaims(now).Any(c => c.Code == code && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(c.SecretHash), Encoding.ASCII.GetBytes(Hash(secret))));

    private IEnumerable<ClaimCode> LiveClaims(DateTimeOffset now) => (Claims ?? []).Where(c => now - c.Issued < ClaimLifetime);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

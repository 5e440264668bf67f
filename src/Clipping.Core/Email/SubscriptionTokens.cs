using System.Security.Cryptography;
using System.Text;
using Clipping.Storage;
using Clipping.Storage.Archive;

namespace Clipping.Email;

/// <summary>
/// The secrets in a subscriber's links, each "{id}.{secret}". A confirmation secret is random, mailed once and kept only
/// as its SHA-256. An unsubscribe secret has to go in every digest, so it is not kept at all: it is an HMAC of the id
/// and the subscription's <see cref="Subscriber.Stamp"/> under the site's mail key (a random key the store keeps as a
/// note, shared by every instance). Both are compared in constant time.
/// </summary>
public sealed class SubscriptionTokens(IClippingStore store)
{
    public const string KeyNote = "email-key";

    private byte[]? _key;

    /// <summary>A new confirmation secret for a subscriber: the token to mail, and the hash to keep.</summary>
    public static (string Token, string Hash) NewConfirmation(string id)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        return ($"{id}.{secret}", Hash(secret));
    }

    public static string NewStamp() => Base64Url(RandomNumberGenerator.GetBytes(12));

    /// <summary>The subscriber id a token names, or null when it cannot be a token at all.</summary>
    public static (string Id, string Secret)? Split(string? token)
    {
        if (token is null || token.Length > 200) return null;
        var dot = token.IndexOf('.');
        if (dot < 0) return null;
        var (id, secret) = (token[..dot], token[(dot + 1)..]);
        return SubscriberIds.IsWellFormed(id) && secret.Length is > 0 and <= 64 ? (id, secret) : null;
    }

    /// <summary>Whether a confirmation token's secret is the one this subscriber was last sent.</summary>
    public static bool Confirms(Subscriber subscriber, string secret) =>
        subscriber.ConfirmHash is { } kept && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(kept), Encoding.ASCII.GetBytes(Hash(secret)));

    /// <summary>The token in this subscriber's unsubscribe links.</summary>
    public async Task<string> UnsubscribeTokenAsync(Subscriber subscriber, CancellationToken cancellationToken) =>
        $"{subscriber.Id}.{Mac(await KeyAsync(cancellationToken), subscriber)}";

    /// <summary>Whether an unsubscribe token's secret is this subscriber's (under their current stamp).</summary>
    public async Task<bool> UnsubscribesAsync(Subscriber subscriber, string secret, CancellationToken cancellationToken) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(await KeyAsync(cancellationToken), subscriber)), Encoding.ASCII.GetBytes(secret));

    private static string Mac(byte[] key, Subscriber subscriber) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(subscriber.Id + "|" + subscriber.Stamp)))[..32];

    /// <summary>
    /// The site's mail key, made on first use. Made with an add that keeps the first value written, so instances and
    /// batches that first need it at once all sign with the one key the store kept.
    /// </summary>
    public async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known) return known;
        var kept = await ((IStoreContents)store).GetOrAddNoteAsync(KeyNote, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
        return _key = Convert.FromBase64String(kept);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;

namespace Clipping.Email;

/// <summary>Addresses as typed into a form, checked and made into ids.</summary>
public static class SubscriberIds
{
    public const int AddressKeyLength = 24;

    /// <summary>Longer than this no mailbox is (RFC 5321 allows 254 in a path).</summary>
    public const int MaxAddressLength = 254;

    /// <summary>The address as it will be kept and mailed, or null with what is wrong with it.</summary>
    public static (string? Address, string? Problem) Check(string? input)
    {
        var text = (input ?? "").Trim();
        if (text.Length == 0) return (null, "Enter your email address.");
        if (text.Length > MaxAddressLength) return (null, "That email address is too long.");
        // A bare address only: "Name <a@b>" and lists are for mail headers, not this form.
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')'))
        {
            return (null, "Enter one email address, like name@example.org, with no spaces or names around it.");
        }
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1 || !MailAddress.TryCreate(text, out var parsed) || parsed.Address != text)
        {
            return (null, "That does not look like an email address: it should be like name@example.org.");
        }
        var domain = text[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return (null, "That email address's domain (after the @) should be like example.org.");
        }
        // The domain is case-insensitive; the local part is the mailbox's own, kept as typed.
        return (text[..at] + "@" + domain.ToLowerInvariant(), null);
    }

    /// <summary>
    /// A subscriber's id: hashes of the address (case folded, so "Ann@" and "ann@" are one reader) and of the view, so the
    /// same request finds the same record, every subscription of an address shares a prefix, and no id shows an address.
    /// </summary>
    public static string For(string address, string view) =>
        Hex(address.ToLowerInvariant())[..AddressKeyLength] + Hex(view)[..16];

    public static string AddressKeyOf(string address) => Hex(address.ToLowerInvariant())[..AddressKeyLength];

    /// <summary>Whether a string could be an id at all, before any store is asked.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: AddressKeyLength + 16 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

using System.Security.Cryptography;
using System.Text;
using Clipping.Feeds.Parsing;

namespace Clipping.Clippings;

/// <summary>
/// A hash of a post as its feed gave it, and of who it is credited to: equal fingerprints mean nothing a reader could
/// see has changed, so the post is skipped before any cleaning or storing.
/// </summary>
public static class PostFingerprint
{
    public static string Of(ParsedPost post, string contributorName, string? contributorSiteUrl)
    {
        var text = new StringBuilder(256 + (post.ContentHtml?.Length ?? 0) + (post.SummaryHtml?.Length ?? 0));
        foreach (var part in new[] { post.Id, post.Title, post.Link, post.ImageUrl, post.BaseUrl, post.SummaryHtml, post.ContentHtml, contributorName, contributorSiteUrl })
        {
            text.Append(part).Append('\u001f');
        }
        text.Append(post.Published?.UtcTicks).Append('\u001f');
        foreach (var tag in post.Tags) text.Append(tag).Append('\u001e');
        text.Append('\u001f');
        foreach (var author in post.Authors) text.Append(author).Append('\u001e');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    /// <summary>A hash of a feed body together with what decides which of its posts match, for skipping an unchanged feed.</summary>
    public static string OfBody(ReadOnlySpan<byte> body, string matchingSignature)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(body);
        hash.AppendData(Encoding.UTF8.GetBytes(matchingSignature));
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }
}

using System.IO.Hashing;
using Clipping.Feeds.Parsing;
using Clipping.Hashing;

namespace Clipping.Clippings;

/// <summary>
/// A hash of a post as its feed gave it, and of who it is credited to: equal fingerprints mean nothing a reader could
/// see has changed, so the post is skipped before any cleaning or storing.
/// </summary>
/// <remarks>
/// XxHash128 rather than a cryptographic hash: these run over every byte of every changed feed, and the worst a forged
/// collision can do is hide a contributor's own change (an edited post, or a feed body with new posts) from that
/// contributor's own clippings until the feed changes again.
/// </remarks>
public static class PostFingerprint
{
    public static string Of(ParsedPost post, string contributorName, string? contributorSiteUrl)
    {
        var hash = new XxHash128();
        foreach (var part in new[] { post.Id, post.Title, post.Link, post.ImageUrl, post.BaseUrl, post.SummaryHtml, post.ContentHtml, contributorName, contributorSiteUrl })
        {
            hash.AppendString(part);
        }
        hash.AppendInt64(post.Published?.UtcTicks ?? long.MinValue);
        hash.AppendLength(post.Tags.Count);
        foreach (var tag in post.Tags) hash.AppendString(tag);
        hash.AppendLength(post.Authors.Count);
        foreach (var author in post.Authors) hash.AppendString(author);
        // Only when there are comments, so the posts of a feed that says nothing of them keep the hashes they had.
        if (post.Comments is { } comments)
        {
            hash.AppendString(comments.Page);
            hash.AppendString(comments.Feed);
            hash.AppendInt64(comments.Count ?? -1);
        }
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>A hash of a feed body together with what decides which of its posts match, for skipping an unchanged feed.</summary>
    public static string OfBody(ReadOnlySpan<byte> body, string matchingSignature)
    {
        var hash = new XxHash128();
        hash.AppendLength(body.Length);
        hash.Append(body);
        hash.AppendString(matchingSignature);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}

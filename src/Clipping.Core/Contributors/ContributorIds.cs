using Clipping.Clippings;

namespace Clipping.Contributors;

/// <summary>Contributor ids: short, stable, derived from the feed URL so registering the same feed twice is noticed.</summary>
public static class ContributorIds
{
    public static string ForFeed(string feedUrl) => CanonicalUrl.Hash(CanonicalUrl.Of(feedUrl) ?? feedUrl)[..12];
}

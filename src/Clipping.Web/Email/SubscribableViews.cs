using Clipping.Email;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Topics;
using Clipping.Views;
using Clipping.Web.Views;

namespace Clipping.Web.Email;

/// <summary>The views readers can follow by email, found from their paths, with the names mail gives them.</summary>
public sealed class SubscribableViews(IClippingStore store, SiteTopics topics, SiteTime time)
{
    /// <summary>Whether a page of this kind offers the email form.</summary>
    public static bool Offers(ViewKind kind) => kind is ViewKind.Topic or ViewKind.Contributor or ViewKind.Tag;

    /// <returns>
    /// The view and its name in mail ("Big Society clippings", "Big Society clippings by Rich", "Big Society clippings
    /// tagged “libraries”"), or null with why there is none.
    /// </returns>
    public async Task<(ClippingView? View, string Name, string? Missing)> ResolveAsync(SubscribedView subscribed, SiteInfo site, CancellationToken cancellationToken)
    {
        var address = subscribed.Filter switch
        {
            ClippingFilter.ByContributor c => new ViewAddress(ViewKind.Contributor, subscribed.Topic, Id: c.ContributorId),
            ClippingFilter.ByTag t => new ViewAddress(ViewKind.Tag, subscribed.Topic, Tag: t.TagKey),
            _ => new ViewAddress(ViewKind.Topic, subscribed.Topic),
        };
        var (view, missing) = await ViewResolver.ResolveAsync(address, topics, site, time, store, cancellationToken);
        var topicName = subscribed.Topic.Name + " clippings";
        return view switch
        {
            null => (null, topicName, missing),
            { Kind: ViewKind.Contributor } => (view, $"{topicName} by {view.Contributor!.Name}", null),
            { Kind: ViewKind.Tag } => (view, $"{topicName} {char.ToLowerInvariant(view.Heading[0])}{view.Heading[1..]}", null),
            _ => (view, topicName, null),
        };
    }
}

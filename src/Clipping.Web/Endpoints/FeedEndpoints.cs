using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Topics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Clipping.Web.Endpoints;

/// <summary>The combined feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) per topic, and the contributors' OPML.</summary>
public static class FeedEndpoints
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private sealed record Format(string File, Action<Stream, FeedView> Write, string ContentType);

    private static readonly Format[] Formats =
    [
        new("rss.xml", RssFeedWriter.Write, RssFeedWriter.ContentType),
        new("atom.xml", AtomFeedWriter.Write, AtomFeedWriter.ContentType),
        new("feed.json", JsonFeedWriter.Write, JsonFeedWriter.ContentType),
    ];

    public static IEndpointRouteBuilder MapCombinedFeeds(this IEndpointRouteBuilder app)
    {
        foreach (var (route, topicRoute, format) in new[]
                 {
                     (SiteRoutes.Rss, SiteRoutes.TopicRss, Formats[0]),
                     (SiteRoutes.Atom, SiteRoutes.TopicAtom, Formats[1]),
                     (SiteRoutes.JsonFeed, SiteRoutes.TopicJsonFeed, Formats[2]),
                 })
        {
            app.MapRead(route, (HttpContext context, SiteContext site, IClippingStore store, RenderCache cache, IOptions<ClippingOptions> options) =>
                ServeAsync(context, site.Topics.Default, format, site, store, cache, options.Value.Publishing));
            app.MapRead(topicRoute, (HttpContext context, string slug, SiteContext site, IClippingStore store, RenderCache cache, IOptions<ClippingOptions> options) =>
                site.Topics.Find(slug) is { } topic
                    ? ServeAsync(context, topic, format, site, store, cache, options.Value.Publishing)
                    : Task.FromResult(Results.NotFound($"There is no topic '{slug}' on this site.")));
        }

        app.MapRead(SiteRoutes.Opml, async (HttpContext context, SiteContext site, IClippingStore store, RenderCache cache) =>
        {
            var siteInfo = site.SiteFor(context.Request);
            var rendered = await cache.GetAsync("opml", async cancellationToken =>
            {
                var contributors = await store.GetContributorsAsync(cancellationToken);
                using var output = new MemoryStream();
                OpmlWriter.Write(output, $"{siteInfo.Title}: contributors", contributors);
                return (output.ToArray(), OpmlWriter.ContentType);
            }, context.RequestAborted);
            return CachedResults.Send(context, rendered, MaxAge);
        });
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, Topic topic, Format format, SiteContext site, IClippingStore store,
        RenderCache cache, PublishingOptions options)
    {
        var siteInfo = site.SiteFor(context.Request);
        var rendered = await cache.GetAsync($"feed|{siteInfo.BaseUrl}|{topic.Slug}|{format.File}", async cancellationToken =>
        {
            var page = await store.GetClippingsAsync(topic.Slug, options.FeedSize, null, cancellationToken);
            var view = new FeedView(
                siteInfo,
                topic,
                new Uri(siteInfo.BaseUrl, SiteRoutes.PageOf(topic, site.Topics).TrimStart('/')),
                new Uri(siteInfo.BaseUrl, SiteRoutes.FeedOf(topic, site.Topics, format.File).TrimStart('/')),
                page.Items,
                page.Items.Count == 0 ? DateTimeOffset.UnixEpoch : page.Items.Max(c => c.Updated))
            {
                Title = ReferenceEquals(topic, site.Topics.Default) ? siteInfo.Title : $"{siteInfo.Title}: {topic.Name}",
            };
            using var output = new MemoryStream();
            format.Write(output, view);
            return (output.ToArray(), format.ContentType);
        }, context.RequestAborted);
        return CachedResults.Send(context, rendered, MaxAge);
    }
}

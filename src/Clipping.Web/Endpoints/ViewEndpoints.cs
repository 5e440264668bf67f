using Clipping.Content;
using Clipping.Contributors;
using Clipping.Conversations;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Topics;
using Clipping.Views;
using Clipping.Web.Pages;
using Clipping.Web.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>
/// Every view's page and feeds: the topic pages, contributors, tags, search and the monthly archive. Each response is
/// rendered once per change of the store, keyed by its address alone, and served from the cache after that: a page
/// that is not there (an unknown contributor) is cached as its 404 like any other.
/// </summary>
public static class ViewEndpoints
{

    /// <summary>Longer searches are cut: a search uses eight words at most, and the page repeats what was typed.</summary>
    private const int MaxSearchLength = 200;

    private const string Html = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapClippingViews(this IEndpointRouteBuilder app)
    {
        foreach (var (page, feed, kind) in new (string Page, string Feed, ViewKind Kind)[]
                 {
                     (RouteTemplates.ContributorPage, RouteTemplates.ContributorFeed, ViewKind.Contributor),
                     (RouteTemplates.TopicContributorPage, RouteTemplates.TopicContributorFeed, ViewKind.Contributor),
                     (RouteTemplates.TagPage, RouteTemplates.TagFeed, ViewKind.Tag),
                     (RouteTemplates.TopicTagPage, RouteTemplates.TopicTagFeed, ViewKind.Tag),
                     (RouteTemplates.SearchPage, RouteTemplates.SearchFeed, ViewKind.Search),
                     (RouteTemplates.TopicSearchPage, RouteTemplates.TopicSearchFeed, ViewKind.Search),
                     (RouteTemplates.MonthPage, RouteTemplates.MonthFeed, ViewKind.Month),
                     (RouteTemplates.TopicMonthPage, RouteTemplates.TopicMonthFeed, ViewKind.Month),
                 })
        {
            app.MapMethods("/" + page, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, kind, feedFile: null));
            app.MapMethods("/" + feed, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, kind, feedFile: Route(context, "feed") ?? ""));
        }
        app.MapMethods(SiteRoutes.Page, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, ViewKind.Topic, feedFile: null));
        app.MapMethods(SiteRoutes.TopicPage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, ViewKind.Topic, feedFile: null));
        // The topics' feeds keep their short addresses (/rss.xml, /topics/{slug}/atom.xml).
        foreach (var (route, topicRoute, file) in new[]
                 {
                     (SiteRoutes.Rss, SiteRoutes.TopicRss, RouteTemplates.Rss),
                     (SiteRoutes.Atom, SiteRoutes.TopicAtom, RouteTemplates.Atom),
                     (SiteRoutes.JsonFeed, SiteRoutes.TopicJsonFeed, RouteTemplates.JsonFeed),
                 })
        {
            app.MapMethods(route, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, ViewKind.Topic, file));
            app.MapMethods(topicRoute, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, ViewKind.Topic, file));
        }
        app.MapMethods("/" + RouteTemplates.ArchivePage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeArchiveAsync(context));
        app.MapMethods("/" + RouteTemplates.TopicArchivePage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeArchiveAsync(context));
        return app;
    }

    private static string? Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString();

    /// <param name="feedFile">The feed asked for ("rss.xml"...), or null for the page.</param>
    private static async Task<IResult> ServeAsync(HttpContext context, ViewKind kind, string? feedFile)
    {
        var services = context.RequestServices;
        var site = services.GetRequiredService<SiteContext>();
        if (site.TopicFor(context.Request) is not { } topic)
        {
            return await NotFoundPages.ResultAsync(context, $"There is no topic '{Route(context, "slug")}' on this site.");
        }
        var format = feedFile is null ? null : FeedFormats.Find(feedFile);
        if (feedFile is not null && format is null)
        {
            return await NotFoundPages.ResultAsync(context, $"There is no feed '{feedFile}' here: a view's feeds are {string.Join(", ", FeedFormats.All.Select(f => f.File))}.");
        }
        var address = new ViewAddress(kind, topic, Route(context, "id"), Route(context, "tag"), Route(context, "year"), Route(context, "month"),
            kind == ViewKind.Search ? OneLineText.Clean(context.Request.Query["q"].ToString(), MaxSearchLength) : null);
        if (format is not null && kind == ViewKind.Search && SearchQuery.Parse(address.SearchText).IsEmpty)
        {
            return Results.Text("A search feed needs words to search for: add ?q= and the words to its address, as in /search/rss.xml?q=libraries.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var siteInfo = site.SiteFor(context.Request);
        var cache = services.GetRequiredService<RenderCache>();
        if (format is not null)
        {
            var feed = await cache.GetAsync($"feed|{siteInfo.BaseUrl}|{address.Key}|{format.File}",
                c => RenderFeedAsync(services, address, format, siteInfo, c), context.RequestAborted, chosenByClient: kind != ViewKind.Topic || site.AddressFromRequest);
            // WebSub discovery: the hub and the feed's own address in Link headers too, as subscribers look there first.
            if (services.GetRequiredService<HubNotifier>().Hub is { } hub && feed.Status == StatusCodes.Status200OK && kind is ViewKind.Topic or ViewKind.Contributor)
            {
                // The address the hub is told of, whatever query the request carried.
                var self = new Uri(siteInfo.BaseUrl, context.Request.Path.Value!.TrimStart('/')).AbsoluteUri;
                context.Response.Headers.Append("Link", $"<{hub.AbsoluteUri}>; rel=\"hub\", <{self}>; rel=\"self\"");
            }
            return CachedResults.SendView(context, feed, format);
        }

        var after = context.Request.Query["after"].ToString();
        var pageNumber = after.Length > 0 && int.TryParse(context.Request.Query["page"], out var n) && n is > 1 and < 1_000_000 ? n : 1;
        var rendered = await cache.GetAsync($"page|{siteInfo.BaseUrl}|{address.Key}|{after}|{pageNumber}",
            c => RenderPageAsync(services, address, siteInfo, after.Length == 0 ? null : after, pageNumber, c), context.RequestAborted,
            chosenByClient: kind != ViewKind.Topic || after.Length > 0 || site.AddressFromRequest);
        return CachedResults.SendView(context, rendered, format: null);
    }

    private static async Task<Rendering> RenderPageAsync(IServiceProvider services, ViewAddress address, SiteInfo siteInfo, string? after, int pageNumber, CancellationToken cancellationToken)
    {
        var site = services.GetRequiredService<SiteContext>();
        var store = services.GetRequiredService<IClippingStore>();
        var renderer = services.GetRequiredService<PageRenderer>();
        var frame = new SiteFrame(siteInfo, site.Topics, address.Topic, site.Time);
        var (view, missing) = await ViewResolver.ResolveAsync(address, site.Topics, siteInfo, site.Time, store, cancellationToken);
        if (view is null) return await NotFoundPages.RenderAsync(renderer, frame, missing!);

        var pageSize = services.GetRequiredService<PublishingOptions>().PageSize;
        var page = view.Filter is ClippingFilter.Matching { Query.IsEmpty: true }
            ? new ClippingPage([], null)
            : await store.GetClippingsAsync(address.Topic.Slug, view.Filter, pageSize, after, cancellationToken);
        var older = page.Continuation is null ? null
            : $"{view.PageUrl}{(view.Query.Length == 0 ? "?" : "&")}after={Uri.EscapeDataString(page.Continuation)}&page={pageNumber + 1}";
        var everyone = await store.GetContributorsAsync(cancellationToken);
        frame = frame with { Faces = SiteFrame.FacesOf(everyone) };
        var contributors = everyone
            .Where(c => c.Status == ContributorStatus.Approved)
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        int? total = view.Kind == ViewKind.Topic ? await store.CountClippingsAsync(address.Topic.Slug, cancellationToken) : null;
        IReadOnlyList<ArchiveMonth> months = view.Kind == ViewKind.Month
            ? await ArchiveMonths.ListAsync(store, address.Topic.Slug, site.Time.Zone, cancellationToken)
            : [];
        var conversations = await ConversationFinder.FindAsync(store, address.Topic.Slug, page.Items, cancellationToken);
        IReadOnlyList<MonthCount> chart = [];
        if (view.Contributor is { } contributor && pageNumber == 1)
        {
            // The last two years, this month included.
            var thisMonth = ArchiveMonth.Of(services.GetRequiredService<TimeProvider>().GetUtcNow(), site.Time.Zone);
            var from = MonthCounts.Back(thisMonth, 23);
            chart = MonthCounts.Of(await store.GetPublishedTimesAsync(address.Topic.Slug, contributor.Id, from.In(site.Time.Zone).From, cancellationToken), site.Time.Zone, from, thisMonth);
        }
        var model = new ClippingsModel(frame with { View = view }, page.Items, pageNumber, older, total, contributors, months, conversations, address.SearchText)
        {
            Chart = chart,
        };
        return new Rendering(await renderer.RenderAsync<ClippingsPage>(model), Html);
    }

    private static async Task<Rendering> RenderFeedAsync(IServiceProvider services, ViewAddress address, FeedFormat format, SiteInfo siteInfo, CancellationToken cancellationToken)
    {
        var site = services.GetRequiredService<SiteContext>();
        var store = services.GetRequiredService<IClippingStore>();
        var (view, missing) = await ViewResolver.ResolveAsync(address, site.Topics, siteInfo, site.Time, store, cancellationToken);
        if (view is null) return new Rendering(System.Text.Encoding.UTF8.GetBytes(missing!), "text/plain; charset=utf-8", StatusCodes.Status404NotFound);

        var page = await store.GetClippingsAsync(address.Topic.Slug, view.Filter, services.GetRequiredService<PublishingOptions>().FeedSize, null, cancellationToken);
        var feeds = (await store.GetContributorsAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.FeedUrl, StringComparer.Ordinal);
        return FeedFormats.Render(view, siteInfo, format, page.Items, feed => feed with
        {
            SourceFeeds = feeds,
            // Only the feeds the hub is told about name it: a subscriber elsewhere would wait for news that never comes.
            Hub = view.Kind is ViewKind.Topic or ViewKind.Contributor ? services.GetRequiredService<HubNotifier>().Hub : null,
        });
    }

    private static async Task<IResult> ServeArchiveAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var site = services.GetRequiredService<SiteContext>();
        if (site.TopicFor(context.Request) is not { } topic)
        {
            return await NotFoundPages.ResultAsync(context, $"There is no topic '{Route(context, "slug")}' on this site.");
        }
        var frame = site.FrameFor(context.Request, topic);
        var rendered = await services.GetRequiredService<RenderCache>().GetAsync($"archive|{frame.Site.BaseUrl}|{topic.Slug}", async cancellationToken =>
        {
            var store = services.GetRequiredService<IClippingStore>();
            var months = await ArchiveMonths.ListAsync(store, topic.Slug, site.Time.Zone, cancellationToken);
            var thisMonth = ArchiveMonth.Of(services.GetRequiredService<TimeProvider>().GetUtcNow(), site.Time.Zone);
            var counts = MonthCounts.Of(await store.GetPublishedTimesAsync(topic.Slug, null, DateTimeOffset.MinValue, cancellationToken), site.Time.Zone, null, thisMonth);
            return new Rendering(await services.GetRequiredService<PageRenderer>().RenderAsync<ArchivePage>(new ArchiveModel(frame, months, counts)), Html);
        }, context.RequestAborted, chosenByClient: site.AddressFromRequest);
        return CachedResults.SendView(context, rendered, format: null);
    }
}

using System.Globalization;
using Clipping.Conversations;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Topics;
using Clipping.Web.Pages;
using Clipping.Web.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>
/// What the network is talking about (<see cref="Discussions"/>): a page and three feeds per topic and window. Each is
/// rendered once per change of the store, and again at most hourly, as the window moves with the clock.
/// </summary>
public static class DiscussedEndpoints
{
    private static readonly TimeSpan WindowMoves = TimeSpan.FromHours(1);

    /// <summary>How many discussions a page lists.</summary>
    private const int Listed = 30;

    public static IEndpointRouteBuilder MapDiscussed(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/" + RouteTemplates.DiscussedPage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, feedFile: null));
        app.MapMethods("/" + RouteTemplates.TopicDiscussedPage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, feedFile: null));
        app.MapMethods("/" + RouteTemplates.DiscussedFeed, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, Feed(context)));
        app.MapMethods("/" + RouteTemplates.TopicDiscussedFeed, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context, Feed(context)));
        return app;
    }

    private static string Feed(HttpContext context) => context.Request.RouteValues["feed"]?.ToString() ?? "";

    private static async Task<IResult> ServeAsync(HttpContext context, string? feedFile)
    {
        var services = context.RequestServices;
        var site = services.GetRequiredService<SiteContext>();
        if (site.TopicFor(context.Request) is not { } topic)
        {
            return await NotFoundPages.ResultAsync(context, $"There is no topic '{context.Request.RouteValues["slug"]}' on this site.");
        }
        var format = feedFile is null ? null : FeedFormats.Find(feedFile);
        if (feedFile is not null && format is null)
        {
            return await NotFoundPages.ResultAsync(context, $"There is no feed '{feedFile}' here: the feeds of what is discussed are {string.Join(", ", FeedFormats.All.Select(f => f.File))}.");
        }
        var asked = context.Request.Query["days"].ToString();
        var days = asked.Length == 0 ? Discussions.Windows[0] : int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : -1;
        if (!Discussions.Windows.Contains(days))
        {
            return Results.Text($"days must be one of {string.Join(", ", Discussions.Windows)} (the window, in days, of what is discussed), or left out for {Discussions.Windows[0]}.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var siteInfo = site.SiteFor(context.Request);
        var view = View(topic, site.Topics, siteInfo, days);
        var cache = services.GetRequiredService<RenderCache>();
        var key = $"discussed|{siteInfo.BaseUrl}|{topic.Slug}|{days}|{format?.File}";
        var rendered = await cache.GetAsync(key, c => format is null
                ? RenderPageAsync(services, new SiteFrame(siteInfo, site.Topics, topic, site.Time, view), days, c)
                : RenderFeedAsync(services, view, siteInfo, days, format, c),
            context.RequestAborted, freshFor: WindowMoves);
        return CachedResults.SendView(context, rendered, format);
    }

    /// <summary>The page as a view of its topic, for its feeds' links and titles; the default window's has no query.</summary>
    private static ClippingView View(Topic topic, SiteTopics topics, SiteInfo site, int days) => new(
        ViewKind.Discussed, topic, Clipping.Views.ClippingFilter.Everything, SiteRoutes.In(topic, topics, RouteTemplates.DiscussedPage),
        days == Discussions.Windows[0] ? "" : $"?days={days}",
        $"What is being discussed",
        $"{(ReferenceEquals(topic, topics.Default) ? site.Title : $"{site.Title}: {topic.Name}")}: what is being discussed{(days == Discussions.Windows[0] ? "" : $" ({WindowName(days)})")}",
        days == Discussions.Windows[0] ? "discussed" : $"discussed/{days}");

    public static string WindowName(int days) => days switch
    {
        7 => "this week",
        30 => "this month",
        365 => "this year",
        _ => $"the last {days} days",
    };

    private static async Task<IReadOnlyList<Discussion>> FindAsync(IServiceProvider services, Topic topic, int days, CancellationToken cancellationToken) =>
        await Discussions.FindAsync(services.GetRequiredService<IClippingStore>(), topic.Slug, days, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);

    private static async Task<Rendering> RenderPageAsync(IServiceProvider services, SiteFrame frame, int days, CancellationToken cancellationToken)
    {
        var discussions = await FindAsync(services, frame.Current, days, cancellationToken);
        frame = frame with { Faces = SiteFrame.FacesOf(await services.GetRequiredService<IClippingStore>().GetContributorsAsync(cancellationToken)) };
        var model = new DiscussedModel(frame, days, discussions.Count, [.. discussions.Take(Listed)]);
        return new Rendering(await services.GetRequiredService<PageRenderer>().RenderAsync<DiscussedPage>(model), "text/html; charset=utf-8");
    }

    private static async Task<Rendering> RenderFeedAsync(IServiceProvider services, ClippingView view, SiteInfo siteInfo, int days, FeedFormat format, CancellationToken cancellationToken)
    {
        var discussions = await FindAsync(services, view.Topic, days, cancellationToken);
        var sites = (await services.GetRequiredService<IClippingStore>().GetContributorsAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.SiteUrl, StringComparer.Ordinal);
        // Newest news first: a discussion comes back to the top of a reader's list when someone else joins it.
        var items = discussions
            .OrderByDescending(d => d.LastJoined)
            .Take(services.GetRequiredService<PublishingOptions>().FeedSize)
            .Select(d => DiscussionFeed.Item(d, view.Topic.Slug, sites))
            .ToList();
        return FeedFormats.Render(view, siteInfo, format, items, feed => feed with { ItemIds = clipping => FeedEntryId.ForDiscussion(siteInfo, view.Topic, clipping.Key) });
    }
}

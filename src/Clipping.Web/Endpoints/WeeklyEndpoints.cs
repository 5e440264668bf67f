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
/// The week in one place: the list of weeks, each ISO week's page in the site's time zone, and the weekly feeds with
/// one item per finished week. Rendered once per change of the store, and again at most hourly, as weeks finish with
/// the clock.
/// </summary>
public static class WeeklyEndpoints
{
    private static readonly TimeSpan WeeksFinish = TimeSpan.FromHours(1);

    /// <summary>How many finished weeks the weekly feeds carry, and how many discussions a week's page lists.</summary>
    private const int WeeksInFeed = 10;
    private const int DiscussionsListed = 5;

    public static IEndpointRouteBuilder MapWeekly(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/" + RouteTemplates.WeeklyPage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context));
        app.MapMethods("/" + RouteTemplates.TopicWeeklyPage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context));
        app.MapMethods("/" + RouteTemplates.WeekPage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context));
        app.MapMethods("/" + RouteTemplates.TopicWeekPage, ReadRoutes.GetAndHead, Task<IResult> (HttpContext context) => ServeAsync(context));
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var site = services.GetRequiredService<SiteContext>();
        if (site.TopicFor(context.Request) is not { } topic)
        {
            return await NotFoundPages.ResultAsync(context, $"There is no topic '{context.Request.RouteValues["slug"]}' on this site.");
        }
        var asked = context.Request.RouteValues["week"]?.ToString();
        var format = asked is null ? null : FeedFormats.Find(asked);
        ArchiveWeek? week = null;
        if (asked is not null && format is null)
        {
            if (!ArchiveWeek.TryParse(asked, out var parsed))
            {
                return await NotFoundPages.ResultAsync(context, $"There is no week '{asked}': weeks are written like 2026-W49 (ISO weeks), and the weekly feeds are {string.Join(", ", FeedFormats.All.Select(f => f.File))}.");
            }
            week = parsed;
        }

        var siteInfo = site.SiteFor(context.Request);
        var view = View(topic, site.Topics, siteInfo);
        var frame = new SiteFrame(siteInfo, site.Topics, topic, site.Time, view);
        var key = $"weekly|{siteInfo.BaseUrl}|{topic.Slug}|{asked}";
        var rendered = await services.GetRequiredService<RenderCache>().GetAsync(key, c =>
                format is not null ? RenderFeedAsync(services, view, siteInfo, format, c)
                : week is { } one ? RenderWeekAsync(services, frame, one, c)
                : RenderWeeksAsync(services, frame, c),
            context.RequestAborted, freshFor: WeeksFinish);
        return CachedResults.SendView(context, rendered, format);
    }

    private static ClippingView View(Topic topic, SiteTopics topics, SiteInfo site) => new(
        ViewKind.Weekly, topic, ClippingFilter.Everything, SiteRoutes.In(topic, topics, RouteTemplates.WeeklyPage), "", "Week by week",
        $"{(ReferenceEquals(topic, topics.Default) ? site.Title : $"{site.Title}: {topic.Name}")}, week by week", "weekly");

    private static async Task<IReadOnlyList<WeekCount>> WeeksAsync(IServiceProvider services, Topic topic, SiteTime time, CancellationToken cancellationToken) =>
        WeekCounts.Of(await services.GetRequiredService<IClippingStore>().GetPublishedTimesAsync(topic.Slug, null, DateTimeOffset.MinValue, cancellationToken), time.Zone);

    private static async Task<Rendering> RenderWeeksAsync(IServiceProvider services, SiteFrame frame, CancellationToken cancellationToken)
    {
        var weeks = await WeeksAsync(services, frame.Current, frame.Time, cancellationToken);
        return new Rendering(await services.GetRequiredService<PageRenderer>().RenderAsync<WeeklyPage>(new WeeklyModel(frame, weeks)), "text/html; charset=utf-8");
    }

    private static async Task<Rendering> RenderWeekAsync(IServiceProvider services, SiteFrame frame, ArchiveWeek week, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IClippingStore>();
        var clippings = await Discussions.ReadSpanAsync(store, frame.Current.Slug, week.In(frame.Time.Zone), cancellationToken);
        var discussions = await Discussions.AmongAsync(store, frame.Current.Slug, clippings, cancellationToken);
        var span = week.In(frame.Time.Zone);
        var everyone = await store.GetContributorsAsync(cancellationToken);
        frame = frame with { Faces = SiteFrame.FacesOf(everyone) };
        var joined = everyone
            .Where(c => c.Status == ContributorStatus.Approved && c.RegisteredAt >= span.From && c.RegisteredAt < span.Until)
            .OrderBy(c => c.RegisteredAt)
            .ToList();
        var nextHasBegun = week.Next.In(frame.Time.Zone).From <= services.GetRequiredService<TimeProvider>().GetUtcNow();
        var model = new WeekModel(frame, week, clippings, [.. discussions.Take(DiscussionsListed)], discussions.Count, joined, nextHasBegun);
        return new Rendering(await services.GetRequiredService<PageRenderer>().RenderAsync<WeekPage>(model), "text/html; charset=utf-8");
    }

    private static async Task<Rendering> RenderFeedAsync(IServiceProvider services, ClippingView view, SiteInfo siteInfo, FeedFormat format, CancellationToken cancellationToken)
    {
        var site = services.GetRequiredService<SiteContext>();
        var store = services.GetRequiredService<IClippingStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // Only finished weeks: an item must not change after it is published.
        var weeks = (await WeeksAsync(services, view.Topic, site.Time, cancellationToken))
            .Where(w => w.Week.EndIn(site.Time.Zone) <= now)
            .Take(WeeksInFeed)
            .ToList();
        var items = new List<Clippings.Clipping>(weeks.Count);
        foreach (var week in weeks)
        {
            var clippings = await Discussions.ReadSpanAsync(store, view.Topic.Slug, week.Week.In(site.Time.Zone), cancellationToken);
            var page = new Uri(siteInfo.BaseUrl, SiteRoutes.In(view.Topic, site.Topics, $"{RouteTemplates.WeeklyPage}/{week.Week}").TrimStart('/'));
            items.Add(WeeklyFeed.Item(week.Week, clippings, view.Topic.Slug, page, site.Time.Zone));
        }
        return FeedFormats.Render(view, siteInfo, format, items, feed => feed with { ItemIds = clipping => FeedEntryId.ForWeek(siteInfo, view.Topic, clipping.Key) });
    }
}

using Clipping.Publishing;
using Clipping.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Clipping.Functions;

/// <summary>
/// The site's public routes as HTTP functions, one per route in <see cref="RouteTemplates"/>. Each hands its request
/// to <see cref="SitePipeline"/>, the same endpoints the self-host maps, which writes the response; the function
/// returns nothing more.
/// </summary>
public sealed class SiteFunctions(SitePipeline site)
{
    private const string Get = "get";
    private const string Head = "head";
    private const string Post = "post";

    /// <summary>
    /// The site root. The Functions host reads an empty route as "use the function's name", so the root is written as
    /// an optional parameter that can only ever be empty; with routePrefix "" in host.json it answers at "/".
    /// </summary>
    public const string RootRoute = "{root:maxlength(0)?}";

    [Function("Page")]
    public Task<IActionResult> Page([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RootRoute)] HttpRequest request) => ServeAsync(request);

    [Function("TopicPage")]
    public Task<IActionResult> TopicPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicPage)] HttpRequest request) => ServeAsync(request);

    [Function("Rss")]
    public Task<IActionResult> Rss([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.Rss)] HttpRequest request) => ServeAsync(request);

    [Function("Atom")]
    public Task<IActionResult> Atom([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.Atom)] HttpRequest request) => ServeAsync(request);

    [Function("JsonFeed")]
    public Task<IActionResult> JsonFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.JsonFeed)] HttpRequest request) => ServeAsync(request);

    [Function("TopicRss")]
    public Task<IActionResult> TopicRss([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicRss)] HttpRequest request) => ServeAsync(request);

    [Function("TopicAtom")]
    public Task<IActionResult> TopicAtom([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicAtom)] HttpRequest request) => ServeAsync(request);

    [Function("TopicJsonFeed")]
    public Task<IActionResult> TopicJsonFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicJsonFeed)] HttpRequest request) => ServeAsync(request);

    [Function("Opml")]
    public Task<IActionResult> Opml([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.Opml)] HttpRequest request) => ServeAsync(request);

    [Function("StyleSheet")]
    public Task<IActionResult> StyleSheet([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.StyleSheet)] HttpRequest request) => ServeAsync(request);

    [Function("ContributorPage")]
    public Task<IActionResult> ContributorPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.ContributorPage)] HttpRequest request) => ServeAsync(request);

    [Function("ContributorFeed")]
    public Task<IActionResult> ContributorFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.ContributorFeed)] HttpRequest request) => ServeAsync(request);

    [Function("TagPage")]
    public Task<IActionResult> TagPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TagPage)] HttpRequest request) => ServeAsync(request);

    [Function("TagFeed")]
    public Task<IActionResult> TagFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TagFeed)] HttpRequest request) => ServeAsync(request);

    [Function("SearchPage")]
    public Task<IActionResult> SearchPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.SearchPage)] HttpRequest request) => ServeAsync(request);

    [Function("SearchFeed")]
    public Task<IActionResult> SearchFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.SearchFeed)] HttpRequest request) => ServeAsync(request);

    [Function("ArchivePage")]
    public Task<IActionResult> ArchivePage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.ArchivePage)] HttpRequest request) => ServeAsync(request);

    [Function("MonthPage")]
    public Task<IActionResult> MonthPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.MonthPage)] HttpRequest request) => ServeAsync(request);

    [Function("MonthFeed")]
    public Task<IActionResult> MonthFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.MonthFeed)] HttpRequest request) => ServeAsync(request);

    [Function("TopicContributorPage")]
    public Task<IActionResult> TopicContributorPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicContributorPage)] HttpRequest request) => ServeAsync(request);

    [Function("TopicContributorFeed")]
    public Task<IActionResult> TopicContributorFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicContributorFeed)] HttpRequest request) => ServeAsync(request);

    [Function("TopicTagPage")]
    public Task<IActionResult> TopicTagPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicTagPage)] HttpRequest request) => ServeAsync(request);

    [Function("TopicTagFeed")]
    public Task<IActionResult> TopicTagFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicTagFeed)] HttpRequest request) => ServeAsync(request);

    [Function("TopicSearchPage")]
    public Task<IActionResult> TopicSearchPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicSearchPage)] HttpRequest request) => ServeAsync(request);

    [Function("TopicSearchFeed")]
    public Task<IActionResult> TopicSearchFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicSearchFeed)] HttpRequest request) => ServeAsync(request);

    [Function("TopicArchivePage")]
    public Task<IActionResult> TopicArchivePage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicArchivePage)] HttpRequest request) => ServeAsync(request);

    [Function("TopicMonthPage")]
    public Task<IActionResult> TopicMonthPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicMonthPage)] HttpRequest request) => ServeAsync(request);

    [Function("TopicMonthFeed")]
    public Task<IActionResult> TopicMonthFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicMonthFeed)] HttpRequest request) => ServeAsync(request);

    [Function("DiscussedPage")]
    public Task<IActionResult> DiscussedPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.DiscussedPage)] HttpRequest request) => ServeAsync(request);

    [Function("DiscussedFeed")]
    public Task<IActionResult> DiscussedFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.DiscussedFeed)] HttpRequest request) => ServeAsync(request);

    [Function("TopicDiscussedPage")]
    public Task<IActionResult> TopicDiscussedPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicDiscussedPage)] HttpRequest request) => ServeAsync(request);

    [Function("TopicDiscussedFeed")]
    public Task<IActionResult> TopicDiscussedFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicDiscussedFeed)] HttpRequest request) => ServeAsync(request);

    [Function("WeeklyPage")]
    public Task<IActionResult> WeeklyPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.WeeklyPage)] HttpRequest request) => ServeAsync(request);

    [Function("WeekPage")]
    public Task<IActionResult> WeekPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.WeekPage)] HttpRequest request) => ServeAsync(request);

    [Function("TopicWeeklyPage")]
    public Task<IActionResult> TopicWeeklyPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicWeeklyPage)] HttpRequest request) => ServeAsync(request);

    [Function("TopicWeekPage")]
    public Task<IActionResult> TopicWeekPage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.TopicWeekPage)] HttpRequest request) => ServeAsync(request);

    [Function("ContributorIcon")]
    public Task<IActionResult> ContributorIcon([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.ContributorIcon)] HttpRequest request) => ServeAsync(request);

    [Function("Favicon")]
    public Task<IActionResult> Favicon([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.Favicon)] HttpRequest request) => ServeAsync(request);

    [Function("FaviconSvg")]
    public Task<IActionResult> FaviconSvg([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.FaviconSvg)] HttpRequest request) => ServeAsync(request);

    /// <summary>
    /// Every other address, for any method: the site's 404 page. The host matches its own routes (admin, runtime) first
    /// and a catch-all last, so this only ever answers what nothing else serves.
    /// </summary>
    [Function("NotFound")]
    public Task<IActionResult> NotFound([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, "put", "delete", "patch", "options", Route = RouteTemplates.NotFound)] HttpRequest request) => ServeAsync(request);

    [Function("Register")]
    public Task<IActionResult> Register([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Route = RouteTemplates.Register)] HttpRequest request) => ServeAsync(request);

    [Function("WebSubCallback")]
    public Task<IActionResult> WebSubCallback([HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Route = RouteTemplates.WebSubCallback)] HttpRequest request) => ServeAsync(request);

    [Function("Subscribe")]
    public Task<IActionResult> Subscribe([HttpTrigger(AuthorizationLevel.Anonymous, Post, Route = RouteTemplates.Subscribe)] HttpRequest request) => ServeAsync(request);

    [Function("SubscribeConfirm")]
    public Task<IActionResult> SubscribeConfirm([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Route = RouteTemplates.SubscribeConfirm)] HttpRequest request) => ServeAsync(request);

    [Function("Unsubscribe")]
    public Task<IActionResult> Unsubscribe([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Route = RouteTemplates.Unsubscribe)] HttpRequest request) => ServeAsync(request);

    [Function("Leave")]
    public Task<IActionResult> Leave([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Post, Route = RouteTemplates.Leave)] HttpRequest request) => ServeAsync(request);

    [Function("RegisterApi")]
    public Task<IActionResult> RegisterApi([HttpTrigger(AuthorizationLevel.Anonymous, Post, Route = RouteTemplates.RegisterApi)] HttpRequest request) => ServeAsync(request);

    [Function("Status")]
    public Task<IActionResult> Status([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.Status)] HttpRequest request) => ServeAsync(request);

    [Function("Health")]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, Get, Head, Route = RouteTemplates.Health)] HttpRequest request) => ServeAsync(request);

    // Moderation routes need a function key in Azure as well as the app's own admin key.
    [Function("ManageContributors")]
    public Task<IActionResult> ManageContributors([HttpTrigger(AuthorizationLevel.Function, Get, Route = RouteTemplates.ManageContributors)] HttpRequest request) => ServeAsync(request);

    [Function("ManageApprove")]
    public Task<IActionResult> ManageApprove([HttpTrigger(AuthorizationLevel.Function, Post, Route = RouteTemplates.ManageApprove)] HttpRequest request) => ServeAsync(request);

    [Function("ManageReject")]
    public Task<IActionResult> ManageReject([HttpTrigger(AuthorizationLevel.Function, Post, Route = RouteTemplates.ManageReject)] HttpRequest request) => ServeAsync(request);

    [Function("ManageRemove")]
    public Task<IActionResult> ManageRemove([HttpTrigger(AuthorizationLevel.Function, Post, Route = RouteTemplates.ManageRemove)] HttpRequest request) => ServeAsync(request);

    [Function("ManageRefresh")]
    public Task<IActionResult> ManageRefresh([HttpTrigger(AuthorizationLevel.Function, Post, Route = RouteTemplates.ManageRefresh)] HttpRequest request) => ServeAsync(request);

    // Moderation in a browser: no function key (a browser cannot send one); the app's sign-in cookie, its forms'
    // antiforgery tokens and the pending feed's secret address guard them.
    [Function("Manage")]
    public Task<IActionResult> Manage([HttpTrigger(AuthorizationLevel.Anonymous, Get, Post, Route = RouteTemplates.Manage)] HttpRequest request) => ServeAsync(request);

    [Function("ManageSignIn")]
    public Task<IActionResult> ManageSignIn([HttpTrigger(AuthorizationLevel.Anonymous, Post, Route = RouteTemplates.ManageSignIn)] HttpRequest request) => ServeAsync(request);

    [Function("ManageSignOut")]
    public Task<IActionResult> ManageSignOut([HttpTrigger(AuthorizationLevel.Anonymous, Post, Route = RouteTemplates.ManageSignOut)] HttpRequest request) => ServeAsync(request);

    [Function("ManagePendingFeed")]
    public Task<IActionResult> ManagePendingFeed([HttpTrigger(AuthorizationLevel.Anonymous, Get, Route = RouteTemplates.ManagePendingFeed)] HttpRequest request) => ServeAsync(request);

    private async Task<IActionResult> ServeAsync(HttpRequest request)
    {
        await site.ServeAsync(request.HttpContext);
        return new EmptyResult();
    }
}

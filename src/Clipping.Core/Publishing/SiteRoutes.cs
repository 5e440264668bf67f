namespace Clipping.Publishing;

/// <summary>
/// Every route's template, without the leading slash, as the Functions app's triggers take them (attributes need
/// constants). <see cref="SiteRoutes"/> builds the self-host's paths and the site's links from the same constants.
/// Other tools and scripts rely on these addresses: keep them stable.
/// </summary>
public static class RouteTemplates
{
    public const string Page = "";
    public const string TopicPage = "topics/{slug}";
    public const string Rss = "rss.xml";
    public const string Atom = "atom.xml";
    public const string JsonFeed = "feed.json";
    public const string TopicRss = "topics/{slug}/rss.xml";
    public const string TopicAtom = "topics/{slug}/atom.xml";
    public const string TopicJsonFeed = "topics/{slug}/feed.json";
    public const string Opml = "opml.xml";

    // The views: each a page and, under it, its feeds ({feed} is rss.xml, atom.xml or feed.json). The topic page's
    // views repeat under topics/{slug}/ for every other topic.
    public const string ContributorPage = "contributors/{id}";
    public const string ContributorFeed = "contributors/{id}/{feed}";

    /// <summary>A contributor's face, served from the site itself (a literal segment, so it wins over {feed}).</summary>
    public const string ContributorIcon = "contributors/{id}/icon";
    public const string TagPage = "tags/{tag}";
    public const string TagFeed = "tags/{tag}/{feed}";
    public const string SearchPage = "search";
    public const string SearchFeed = "search/{feed}";
    public const string ArchivePage = "archive";
    public const string MonthPage = "archive/{year:int}/{month:int}";
    public const string MonthFeed = "archive/{year:int}/{month:int}/{feed}";
    public const string TopicContributorPage = "topics/{slug}/contributors/{id}";
    public const string TopicContributorFeed = "topics/{slug}/contributors/{id}/{feed}";
    public const string TopicTagPage = "topics/{slug}/tags/{tag}";
    public const string TopicTagFeed = "topics/{slug}/tags/{tag}/{feed}";
    public const string TopicSearchPage = "topics/{slug}/search";
    public const string TopicSearchFeed = "topics/{slug}/search/{feed}";
    public const string TopicArchivePage = "topics/{slug}/archive";
    public const string TopicMonthPage = "topics/{slug}/archive/{year:int}/{month:int}";
    public const string TopicMonthFeed = "topics/{slug}/archive/{year:int}/{month:int}/{feed}";

    // What the network is talking about (?days=7, 30 or 365), with its own feeds.
    public const string DiscussedPage = "discussed";
    public const string DiscussedFeed = "discussed/{feed}";
    public const string TopicDiscussedPage = "topics/{slug}/discussed";
    public const string TopicDiscussedFeed = "topics/{slug}/discussed/{feed}";

    // The weeks: their list, and under it each week's page ("weekly/2026-W49") or the weekly feeds ("weekly/rss.xml"),
    // told apart by the handler, as one template cannot hold both.
    public const string WeeklyPage = "weekly";
    public const string WeekPage = "weekly/{week}";
    public const string TopicWeeklyPage = "topics/{slug}/weekly";
    public const string TopicWeekPage = "topics/{slug}/weekly/{week}";
    public const string Favicon = "favicon.ico";
    public const string FaviconSvg = "favicon.svg";

    /// <summary>Every address no other route serves: the 404 page.</summary>
    public const string NotFound = "{*path}";
    public const string Register = "register";
    public const string RegisterApi = "api/contributors";

    /// <summary>A contributor's private link for taking their feed off the site, given at registration.</summary>
    public const string Leave = "leave/{id}/{key}";

    /// <summary>Where WebSub hubs verify Clipping's subscriptions (GET) and deliver updates (POST); {id} is the subscription's.</summary>
    public const string WebSubCallback = "websub/{id}";
    /// <summary>Email digests: the form posts here; the confirmation mail links to the confirm page; every digest to its unsubscribe page.</summary>
    public const string Subscribe = "subscribe";
    public const string SubscribeConfirm = "subscribe/confirm/{token}";
    public const string Unsubscribe = "unsubscribe/{token}";
    public const string Status = "status";
    public const string Health = "health";
    public const string StyleSheet = "site.css";
    public const string ManageContributors = "manage/contributors";
    public const string ManageApprove = "manage/contributors/{id}/approve";
    public const string ManageReject = "manage/contributors/{id}/reject";
    public const string ManageRemove = "manage/contributors/{id}/remove";
    public const string ManageRefresh = "manage/refresh";

    // Moderation in a browser: signed in with the admin key once, then a cookie; the pending feed by its secret address.
    public const string Manage = "manage";
    public const string ManageSignIn = "manage/sign-in";
    public const string ManageSignOut = "manage/sign-out";
    public const string ManagePendingFeed = "manage/pending/{token}";
}

/// <summary>Who may use a route.</summary>
public enum RouteAccess
{
    Public,
    /// <summary>Scripts and the CLI's peers: the admin key in a header (and, on Azure, a function key).</summary>
    AdminKey,
    /// <summary>The operator in a browser: signed in with the admin key (a cookie), or a secret address. No function key.</summary>
    Operator,
}

/// <summary>One row of the route table: what both hosts serve, with which methods, and who may use it.</summary>
public sealed record SiteRoute(string Template, IReadOnlyList<string> Methods, RouteAccess Access = RouteAccess.Public)
{
    /// <summary>Exists only when an admin key is configured.</summary>
    public bool Admin => Access != RouteAccess.Public;
}

/// <summary>The site's paths (for mapping and for links), and the route table both hosts are checked against.</summary>
public static class SiteRoutes
{
    public const string Page = "/" + RouteTemplates.Page;
    public const string TopicPage = "/" + RouteTemplates.TopicPage;
    public const string Rss = "/" + RouteTemplates.Rss;
    public const string Atom = "/" + RouteTemplates.Atom;
    public const string JsonFeed = "/" + RouteTemplates.JsonFeed;
    public const string TopicRss = "/" + RouteTemplates.TopicRss;
    public const string TopicAtom = "/" + RouteTemplates.TopicAtom;
    public const string TopicJsonFeed = "/" + RouteTemplates.TopicJsonFeed;
    public const string Opml = "/" + RouteTemplates.Opml;
    public const string Search = "/" + RouteTemplates.SearchPage;
    public const string Archive = "/" + RouteTemplates.ArchivePage;
    public const string Favicon = "/" + RouteTemplates.Favicon;
    public const string FaviconSvg = "/" + RouteTemplates.FaviconSvg;
    public const string Register = "/" + RouteTemplates.Register;
    public const string RegisterApi = "/" + RouteTemplates.RegisterApi;
    public const string Status = "/" + RouteTemplates.Status;
    public const string Subscribe = "/" + RouteTemplates.Subscribe;
    public const string WebSubCallback = "/" + RouteTemplates.WebSubCallback;
    public const string Health = "/" + RouteTemplates.Health;
    public const string StyleSheet = "/" + RouteTemplates.StyleSheet;
    public const string ManageContributors = "/" + RouteTemplates.ManageContributors;
    public const string ManageApprove = "/" + RouteTemplates.ManageApprove;
    public const string ManageReject = "/" + RouteTemplates.ManageReject;
    public const string ManageRemove = "/" + RouteTemplates.ManageRemove;
    public const string ManageRefresh = "/" + RouteTemplates.ManageRefresh;
    public const string Manage = "/" + RouteTemplates.Manage;
    public const string ManageSignIn = "/" + RouteTemplates.ManageSignIn;
    public const string ManageSignOut = "/" + RouteTemplates.ManageSignOut;

    private static readonly string[] Read = ["GET", "HEAD"];
    private static readonly string[] Post = ["POST"];

    /// <summary>The methods the 404 page answers: every one a browser or client may send to a wrong address.</summary>
    public static IReadOnlyList<string> AnyMethod { get; } = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

    /// <summary>Every route either host serves. The self-host's tests check it serves exactly these.</summary>
    public static IReadOnlyList<SiteRoute> All { get; } =
    [
        new(RouteTemplates.Page, Read),
        new(RouteTemplates.TopicPage, Read),
        new(RouteTemplates.Rss, Read),
        new(RouteTemplates.Atom, Read),
        new(RouteTemplates.JsonFeed, Read),
        new(RouteTemplates.TopicRss, Read),
        new(RouteTemplates.TopicAtom, Read),
        new(RouteTemplates.TopicJsonFeed, Read),
        new(RouteTemplates.Opml, Read),
        new(RouteTemplates.ContributorPage, Read),
        new(RouteTemplates.ContributorFeed, Read),
        new(RouteTemplates.ContributorIcon, Read),
        new(RouteTemplates.TagPage, Read),
        new(RouteTemplates.TagFeed, Read),
        new(RouteTemplates.SearchPage, Read),
        new(RouteTemplates.SearchFeed, Read),
        new(RouteTemplates.ArchivePage, Read),
        new(RouteTemplates.MonthPage, Read),
        new(RouteTemplates.MonthFeed, Read),
        new(RouteTemplates.TopicContributorPage, Read),
        new(RouteTemplates.TopicContributorFeed, Read),
        new(RouteTemplates.TopicTagPage, Read),
        new(RouteTemplates.TopicTagFeed, Read),
        new(RouteTemplates.TopicSearchPage, Read),
        new(RouteTemplates.TopicSearchFeed, Read),
        new(RouteTemplates.TopicArchivePage, Read),
        new(RouteTemplates.TopicMonthPage, Read),
        new(RouteTemplates.TopicMonthFeed, Read),
        new(RouteTemplates.DiscussedPage, Read),
        new(RouteTemplates.DiscussedFeed, Read),
        new(RouteTemplates.TopicDiscussedPage, Read),
        new(RouteTemplates.TopicDiscussedFeed, Read),
        new(RouteTemplates.WeeklyPage, Read),
        new(RouteTemplates.WeekPage, Read),
        new(RouteTemplates.TopicWeeklyPage, Read),
        new(RouteTemplates.TopicWeekPage, Read),
        new(RouteTemplates.Favicon, Read),
        new(RouteTemplates.FaviconSvg, Read),
        new(RouteTemplates.StyleSheet, Read),
        new(RouteTemplates.Register, Read),
        new(RouteTemplates.Register, Post),
        new(RouteTemplates.RegisterApi, Post),
        new(RouteTemplates.Leave, Read),
        new(RouteTemplates.Leave, Post),
        new(RouteTemplates.WebSubCallback, ["GET", "POST"]),
        new(RouteTemplates.Subscribe, Post),
        new(RouteTemplates.SubscribeConfirm, Read),
        new(RouteTemplates.SubscribeConfirm, Post),
        new(RouteTemplates.Unsubscribe, Read),
        new(RouteTemplates.Unsubscribe, Post),
        new(RouteTemplates.Status, Read),
        new(RouteTemplates.Health, Read),
        new(RouteTemplates.ManageContributors, ["GET"], RouteAccess.AdminKey),
        new(RouteTemplates.ManageApprove, Post, RouteAccess.AdminKey),
        new(RouteTemplates.ManageReject, Post, RouteAccess.AdminKey),
        new(RouteTemplates.ManageRemove, Post, RouteAccess.AdminKey),
        new(RouteTemplates.ManageRefresh, Post, RouteAccess.AdminKey),
        new(RouteTemplates.Manage, ["GET", "POST"], RouteAccess.Operator),
        new(RouteTemplates.ManageSignIn, Post, RouteAccess.Operator),
        new(RouteTemplates.ManageSignOut, Post, RouteAccess.Operator),
        new(RouteTemplates.ManagePendingFeed, ["GET"], RouteAccess.Operator),
        new(RouteTemplates.NotFound, AnyMethod),
    ];

    /// <summary>A path within a topic: "/{relative}" for the default topic, "/topics/{slug}/{relative}" for the others.</summary>
    public static string In(Topics.Topic topic, Topics.SiteTopics topics, string relative) =>
        ReferenceEquals(topic, topics.Default) ? "/" + relative : $"/topics/{topic.Slug}" + (relative.Length == 0 ? "" : "/" + relative);

    /// <summary>The page of a topic: the site root for the default topic.</summary>
    public static string PageOf(Topics.Topic topic, Topics.SiteTopics topics) =>
        ReferenceEquals(topic, topics.Default) ? Page : $"/topics/{topic.Slug}";

    /// <summary>The callback address of one WebSub subscription.</summary>
    public static string WebSubCallbackOf(string subscriptionId) => "/" + RouteTemplates.WebSubCallback.Replace("{id}", Uri.EscapeDataString(subscriptionId), StringComparison.Ordinal);

    public static string SubscribeConfirmOf(string token) => "/" + RouteTemplates.SubscribeConfirm.Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal);

    public static string UnsubscribeOf(string token) => "/" + RouteTemplates.Unsubscribe.Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal);

    /// <summary>A feed of a topic in one format ("rss.xml", "atom.xml", "feed.json").</summary>
    public static string FeedOf(Topics.Topic topic, Topics.SiteTopics topics, string file) =>
        ReferenceEquals(topic, topics.Default) ? "/" + file : $"/topics/{topic.Slug}/{file}";
}

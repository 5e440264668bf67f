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
    public const string Register = "register";
    public const string RegisterApi = "api/contributors";
    public const string Status = "status";
    public const string Health = "health";
    public const string StyleSheet = "site.css";
    public const string ManageContributors = "manage/contributors";
    public const string ManageApprove = "manage/contributors/{id}/approve";
    public const string ManageReject = "manage/contributors/{id}/reject";
    public const string ManageRemove = "manage/contributors/{id}/remove";
    public const string ManageRefresh = "manage/refresh";
}

/// <summary>One row of the route table: what both hosts serve, with which methods, and whether it is behind the admin key.</summary>
public sealed record SiteRoute(string Template, IReadOnlyList<string> Methods, bool Admin = false);

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
    public const string Register = "/" + RouteTemplates.Register;
    public const string RegisterApi = "/" + RouteTemplates.RegisterApi;
    public const string Status = "/" + RouteTemplates.Status;
    public const string Health = "/" + RouteTemplates.Health;
    public const string StyleSheet = "/" + RouteTemplates.StyleSheet;
    public const string ManageContributors = "/" + RouteTemplates.ManageContributors;
    public const string ManageApprove = "/" + RouteTemplates.ManageApprove;
    public const string ManageReject = "/" + RouteTemplates.ManageReject;
    public const string ManageRemove = "/" + RouteTemplates.ManageRemove;
    public const string ManageRefresh = "/" + RouteTemplates.ManageRefresh;

    private static readonly string[] Read = ["GET", "HEAD"];
    private static readonly string[] Post = ["POST"];

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
        new(RouteTemplates.StyleSheet, Read),
        new(RouteTemplates.Register, Read),
        new(RouteTemplates.Register, Post),
        new(RouteTemplates.RegisterApi, Post),
        new(RouteTemplates.Status, Read),
        new(RouteTemplates.Health, Read),
        new(RouteTemplates.ManageContributors, ["GET"], Admin: true),
        new(RouteTemplates.ManageApprove, Post, Admin: true),
        new(RouteTemplates.ManageReject, Post, Admin: true),
        new(RouteTemplates.ManageRemove, Post, Admin: true),
        new(RouteTemplates.ManageRefresh, Post, Admin: true),
    ];

    /// <summary>The page of a topic: the site root for the default topic.</summary>
    public static string PageOf(Topics.Topic topic, Topics.SiteTopics topics) =>
        ReferenceEquals(topic, topics.Default) ? Page : $"/topics/{topic.Slug}";

    /// <summary>A feed of a topic in one format ("rss.xml", "atom.xml", "feed.json").</summary>
    public static string FeedOf(Topics.Topic topic, Topics.SiteTopics topics, string file) =>
        ReferenceEquals(topic, topics.Default) ? "/" + file : $"/topics/{topic.Slug}/{file}";
}

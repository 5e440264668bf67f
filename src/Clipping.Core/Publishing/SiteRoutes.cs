namespace Clipping.Publishing;

/// <summary>
/// Every public route, in one table both hosts map, so the self-host and the Functions app serve the same addresses.
/// Other tools and scripts rely on these names: keep them stable.
/// </summary>
public static class SiteRoutes
{
    public const string Page = "/";
    public const string TopicPage = "/topics/{slug}";
    public const string Rss = "/rss.xml";
    public const string Atom = "/atom.xml";
    public const string JsonFeed = "/feed.json";
    public const string TopicRss = "/topics/{slug}/rss.xml";
    public const string TopicAtom = "/topics/{slug}/atom.xml";
    public const string TopicJsonFeed = "/topics/{slug}/feed.json";
    public const string Opml = "/opml.xml";
    public const string Register = "/register";
    public const string RegisterApi = "/api/contributors";
    public const string Status = "/status";
    public const string Health = "/health";
    public const string StyleSheet = "/site.css";
    public const string AdminContributors = "/admin/contributors";
    public const string AdminApprove = "/admin/contributors/{id}/approve";
    public const string AdminReject = "/admin/contributors/{id}/reject";
    public const string AdminRemove = "/admin/contributors/{id}/remove";
    public const string AdminRefresh = "/admin/refresh";

    /// <summary>The page of a topic: the site root for the default topic.</summary>
    public static string PageOf(Topics.Topic topic, Topics.SiteTopics topics) =>
        ReferenceEquals(topic, topics.Default) ? Page : $"/topics/{topic.Slug}";

    /// <summary>A feed of a topic in one format ("rss.xml", "atom.xml", "feed.json").</summary>
    public static string FeedOf(Topics.Topic topic, Topics.SiteTopics topics, string file) =>
        ReferenceEquals(topic, topics.Default) ? "/" + file : $"/topics/{topic.Slug}/{file}";
}

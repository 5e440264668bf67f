using Clipping.Feeds.Parsing;
using static Clipping.Tests.Feeds.Parsing.ParseHelper;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>The images a feed names as its own face, in each format, resolved and best first.</summary>
public class FeedIconsTests
{
    [Fact]
    public void Rss_names_its_image()
    {
        var feed = Rss("", "<image><url>/images/logo.png</url><title>T</title><link>https://site.example.org/blog/</link></image>");
        Assert.Equal(["https://site.example.org/images/logo.png"], feed.Icons);
    }

    [Fact]
    public void Atom_offers_its_icon_before_its_logo_and_blogger_style_relative_addresses_resolve()
    {
        var feed = Atom("", "<logo>https://site.example.org/logo-wide.png</logo><icon>favicon.png</icon>");
        Assert.Equal(["https://site.example.org/blog/favicon.png", "https://site.example.org/logo-wide.png"], feed.Icons);
    }

    [Fact]
    public void Json_feed_offers_icon_favicon_and_the_authors_avatars()
    {
        var feed = Xml("""
            {"version": "https://jsonfeed.org/version/1.1", "title": "T", "home_page_url": "https://site.example.org/",
             "icon": "https://site.example.org/icon-512.png", "favicon": "/favicon-64.png",
             "authors": [{"name": "Ann", "avatar": "https://site.example.org/ann.jpg"}], "items": []}
            """, contentType: "application/feed+json");
        Assert.Equal(["https://site.example.org/icon-512.png", "https://site.example.org/favicon-64.png", "https://site.example.org/ann.jpg"], feed.Icons);
    }

    [Fact]
    public void Rss_1_0_names_its_image_beside_the_channel()
    {
        var feed = Xml("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
              <channel rdf:about="https://site.example.org/"><title>T</title><link>https://site.example.org/</link><image rdf:resource="https://site.example.org/i.gif"/></channel>
              <image rdf:about="https://site.example.org/i.gif"><title>T</title><url>https://site.example.org/i.gif</url><link>https://site.example.org/</link></image>
            </rdf:RDF>
            """);
        Assert.Equal(["https://site.example.org/i.gif"], feed.Icons);
    }

    [Fact]
    public void A_feed_without_an_image_or_with_an_unsafe_one_offers_none()
    {
        Assert.Empty(Rss("<item><title>T</title></item>").Icons);
        Assert.Empty(Rss("", "<image><url>javascript:alert(1)</url></image>").Icons);
        Assert.Empty(Atom("", "<icon>data:image/png;base64,AAAA</icon>").Icons);
    }
}

using Clipping.Clippings;

namespace Clipping.Tests.Clippings;

public sealed class CanonicalUrlTests
{
    [Theory]
    [InlineData("http://rich.example.org/2010/10/18/big-society-falling-through-the-gaps?utm_source=twitterfeed&utm_medium=twitter#comments")]
    [InlineData("https://rich.example.org/2010/10/18/big-society-falling-through-the-gaps/")]
    [InlineData("HTTPS://Rich.Example.ORG:443/2010/10/18/big-society-falling-through-the-gaps")]
    [InlineData("https://www.rich.example.org/2010/10/18/big-society-falling-through-the-gaps/?fbclid=abc&gclid=x&mc_cid=1&mc_eid=2")]
    public void Variants_of_one_article_share_one_key(string url) =>
        Assert.Equal("rich.example.org/2010/10/18/big-society-falling-through-the-gaps", CanonicalUrl.Of(url));

    [Fact]
    public void Remaining_query_parameters_are_kept_and_sorted() =>
        Assert.Equal("example.org/search?a=1&b=2", CanonicalUrl.Of("https://example.org/search?b=2&utm_campaign=x&a=1&ref=rss"));

    [Fact]
    public void Different_articles_keep_different_keys()
    {
        Assert.NotEqual(CanonicalUrl.Of("https://example.org/a"), CanonicalUrl.Of("https://example.org/b"));
        Assert.NotEqual(CanonicalUrl.Of("https://example.org/?p=1"), CanonicalUrl.Of("https://example.org/?p=2"));
        Assert.NotEqual(CanonicalUrl.Of("https://example.org/Post"), CanonicalUrl.Of("https://example.org/post"));
    }

    [Fact]
    public void A_non_default_port_is_part_of_the_key() =>
        Assert.Equal("example.org:8080/feed", CanonicalUrl.Of("http://example.org:8080/feed/"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/relative/path")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.org/file")]
    public void Only_absolute_web_addresses_have_a_key(string? url) => Assert.Null(CanonicalUrl.Of(url));

    [Fact]
    public void The_hash_is_stable_and_short()
    {
        var hash = CanonicalUrl.Hash("example.org/a");
        Assert.Equal(hash, CanonicalUrl.Hash("example.org/a"));
        Assert.Equal(32, hash.Length);
        Assert.NotEqual(hash, CanonicalUrl.Hash("example.org/b"));
    }
}

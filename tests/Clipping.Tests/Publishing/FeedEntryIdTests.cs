using Clipping.Publishing;

namespace Clipping.Tests.Publishing;

public class FeedEntryIdTests
{
    [Fact]
    public void Id_uses_the_utc_date_first_seen_so_the_offset_it_was_stored_with_does_not_matter()
    {
        var late = FeedTestData.Newest with { FirstSeen = new DateTimeOffset(2011, 5, 3, 23, 30, 0, TimeSpan.FromHours(-2)) };
        var sameInstant = late with { FirstSeen = late.FirstSeen.ToUniversalTime() };

        Assert.Equal("tag:clipping.example,2011-05-04:big-society/k1", FeedEntryId.For(FeedTestData.Site, late));
        Assert.Equal(FeedEntryId.For(FeedTestData.Site, late), FeedEntryId.For(FeedTestData.Site, sameInstant));
    }

    [Fact]
    public void Id_ignores_what_may_change_link_title_and_content()
    {
        var edited = FeedTestData.Newest with { Link = "https://elsewhere.example/", Title = "New title", ContentHtml = "<p>new</p>", Updated = DateTimeOffset.UtcNow };

        Assert.Equal(FeedEntryId.For(FeedTestData.Site, FeedTestData.Newest), FeedEntryId.For(FeedTestData.Site, edited));
    }

    [Fact]
    public void Id_ignores_port_and_case_of_the_site_host()
    {
        var local = FeedTestData.Site with { BaseUrl = new Uri("https://Clipping.Example:8443/sub/") };

        Assert.Equal(FeedEntryId.For(FeedTestData.Site, FeedTestData.Newest), FeedEntryId.For(local, FeedTestData.Newest));
    }

    [Fact]
    public void Unusual_characters_in_a_key_are_escaped()
    {
        var odd = FeedTestData.Newest with { Key = "a/b+c=" };

        Assert.True(Uri.IsWellFormedUriString(FeedEntryId.For(FeedTestData.Site, odd), UriKind.Absolute));
        Assert.EndsWith(":big-society/a%2Fb%2Bc%3D", FeedEntryId.For(FeedTestData.Site, odd), StringComparison.Ordinal);
    }
}

using Clipping.Feeds.Parsing;
using Clipping.Feeds.Parsing.Fields;

namespace Clipping.Tests.Feeds.Parsing;

/// <summary>The date forms feeds write, all read as UTC instants.</summary>
public class FeedDatesTests
{
    [Theory]
    // RFC 822 / 1123 as RSS writes it
    [InlineData("Tue, 19 Oct 2010 10:00:00 +0000", "2010-10-19T10:00:00Z")]
    [InlineData("Tue, 19 Oct 2010 10:00:00 GMT", "2010-10-19T10:00:00Z")]
    [InlineData("19 Oct 2010 10:00:00 GMT", "2010-10-19T10:00:00Z")]
    [InlineData("Tue 19 Oct 2010 10:00 +0100", "2010-10-19T09:00:00Z")]
    [InlineData("Tue, 19 Oct 10 10:00:00 UT", "2010-10-19T10:00:00Z")]
    [InlineData("Sun, 19 Oct 99 10:00:00 Z", "1999-10-19T10:00:00Z")]
    [InlineData("Tue, 19 October 2010 10:00:00 -05:00", "2010-10-19T15:00:00Z")]
    [InlineData("Tue, 9 Oct 2010 1:02:03 +0000", "2010-10-09T01:02:03Z")]
    [InlineData("Tue, 19 Oct 2010 10:00:00 +0000 (UTC)", "2010-10-19T10:00:00Z")]
    [InlineData("19 Oct 2010", "2010-10-19T00:00:00Z")]
    [InlineData("Tue, 19 Oct 2010 10:00:00 GMT+01:00", "2010-10-19T09:00:00Z")]
    // Named zones
    [InlineData("Fri, 22 Oct 2010 14:20:00 EST", "2010-10-22T19:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 EDT", "2010-10-22T18:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 CST", "2010-10-22T20:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 CDT", "2010-10-22T19:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 MST", "2010-10-22T21:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 MDT", "2010-10-22T20:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 PST", "2010-10-22T22:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 PDT", "2010-10-22T21:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 BST", "2010-10-22T13:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 CET", "2010-10-22T13:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 CEST", "2010-10-22T12:20:00Z")]
    [InlineData("Fri, 22 Oct 2010 14:20:00 XYZ", "2010-10-22T14:20:00Z")]
    // ISO 8601 / RFC 3339
    [InlineData("2010-10-25T21:40:00.000+01:00", "2010-10-25T20:40:00Z")]
    [InlineData("2010-10-25T21:40:00Z", "2010-10-25T21:40:00Z")]
    [InlineData("2010-10-25T21:40:00", "2010-10-25T21:40:00Z")]
    [InlineData("2010-10-25T21:40Z", "2010-10-25T21:40:00Z")]
    [InlineData("2010-10-25T21:40", "2010-10-25T21:40:00Z")]
    [InlineData("2010-10-25 21:40:00", "2010-10-25T21:40:00Z")]
    [InlineData("2010-10-25 21:40:00 +0100", "2010-10-25T20:40:00Z")]
    [InlineData("2010-10-25T21:40:00-0500", "2010-10-26T02:40:00Z")]
    [InlineData("2010-10-25T21:40:00+01", "2010-10-25T20:40:00Z")]
    [InlineData("2010-10-25", "2010-10-25T00:00:00Z")]
    [InlineData("20101025T214000Z", "2010-10-25T21:40:00Z")]
    [InlineData("2010-10-25 21:40:00 EST", "2010-10-26T02:40:00Z")]
    [InlineData(" 2010-10-25T21:40:00Z\n", "2010-10-25T21:40:00Z")]
    // Month first
    [InlineData("Oct 22, 2010 14:20:00 EST", "2010-10-22T19:20:00Z")]
    [InlineData("Fri Oct 22 14:20:00 +0000 2010", "2010-10-22T14:20:00Z")]
    [InlineData("October 22nd, 2010", "2010-10-22T00:00:00Z")]
    public void Reads_date_as_utc(string raw, string expectedUtc)
    {
        var parsed = FeedDates.Parse(raw);

        Assert.NotNull(parsed);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), parsed.Value);
        Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
    }

    [Fact]
    public void Keeps_fractional_seconds()
    {
        Assert.Equal(new DateTimeOffset(2010, 10, 25, 20, 40, 12, 1, TimeSpan.Zero), FeedDates.Parse("2010-10-25T21:40:12.001+01:00"));
        Assert.Equal(new DateTimeOffset(2010, 10, 25, 21, 40, 12, TimeSpan.Zero).AddTicks(1234567), FeedDates.Parse("2010-10-25T21:40:12.1234567Z"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("not a date at all")]
    [InlineData("2010-13-45T99:99:99Z")]
    [InlineData("31 Feb 2010 10:00:00 GMT")]
    public void Unreadable_date_is_null(string? raw)
    {
        Assert.Null(FeedDates.Parse(raw));
    }

    [Fact]
    public void Falls_back_to_feedreaders_value_only_when_the_text_cannot_be_read()
    {
        var feedReaders = new DateTime(2016, 12, 22, 17, 36, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTimeOffset(feedReaders), FeedDates.Parse("Do, 22 Dez 2016 17:36:00 +0000", feedReaders));
        Assert.Equal(new DateTimeOffset(2010, 10, 22, 19, 20, 0, TimeSpan.Zero), FeedDates.Parse("Fri, 22 Oct 2010 14:20:00 EST", new DateTime(2010, 10, 22, 14, 20, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Pubdate_then_dc_date_then_updated_give_published()
    {
        var feed = ParseHelper.Rss("""
            <item><title>pubDate</title><pubDate>Tue, 19 Oct 2010 10:00:00 GMT</pubDate><dc:date>2011-01-01T00:00:00Z</dc:date></item>
            <item><title>dc:date</title><dc:date>2010-10-20T11:30:00Z</dc:date></item>
            <item><title>updated</title><atom:updated>2010-10-21T12:00:00Z</atom:updated></item>
            <item><title>none</title></item>
            """);

        Assert.Equal(
            [
                new DateTimeOffset(2010, 10, 19, 10, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2010, 10, 20, 11, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2010, 10, 21, 12, 0, 0, TimeSpan.Zero),
                null,
            ],
            feed.Posts.Select(p => p.Published));
        Assert.Equal(new DateTimeOffset(2010, 10, 21, 12, 0, 0, TimeSpan.Zero), feed.Posts[2].Updated);
    }

    [Fact]
    public void Atom_published_else_updated()
    {
        var feed = ParseHelper.Atom("""
            <entry><id>urn:1</id><published>2010-10-25T21:40:00+01:00</published><updated>2010-10-26T00:00:00Z</updated></entry>
            <entry><id>urn:2</id><updated>2010-10-26T00:00:00Z</updated></entry>
            """);

        Assert.Equal(new DateTimeOffset(2010, 10, 25, 20, 40, 0, TimeSpan.Zero), feed.Posts[0].Published);
        Assert.Equal(new DateTimeOffset(2010, 10, 26, 0, 0, 0, TimeSpan.Zero), feed.Posts[0].Updated);
        Assert.Equal(new DateTimeOffset(2010, 10, 26, 0, 0, 0, TimeSpan.Zero), feed.Posts[1].Published);
    }

    [Theory]
    // Portuguese, Spanish, French, German, Italian and Dutch day and month names, as blog platforms in those languages write them
    [InlineData("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z")]
    [InlineData("Qua, 03 Out 2018 08:00:00 +0000", "2018-10-03T08:00:00Z")]
    [InlineData("Sáb, 15 Dez 2018 10:00:00 -0200", "2018-12-15T12:00:00Z")]
    [InlineData("Mié, 17 Ene 2018 09:30:00 +0100", "2018-01-17T08:30:00Z")]
    [InlineData("Lun, 06 Ago 2018 12:00:00 GMT", "2018-08-06T12:00:00Z")]
    [InlineData("Mar, 04 Dic 2018 12:00:00 +0000", "2018-12-04T12:00:00Z")]
    [InlineData("lun., 12 févr. 2018 10:00:00 +0100", "2018-02-12T09:00:00Z")]
    [InlineData("jeu., 14 juin 2018 10:00:00 +0200", "2018-06-14T08:00:00Z")]
    [InlineData("mer., 18 juil. 2018 10:00:00 +0200", "2018-07-18T08:00:00Z")]
    [InlineData("ven., 17 août 2018 10:00:00 +0200", "2018-08-17T08:00:00Z")]
    [InlineData("Mi, 03 Okt 2018", "2018-10-03T00:00:00Z")]
    [InlineData("Do, 15. März 2018 10:00:00 +0100", "2018-03-15T09:00:00Z")]
    [InlineData("Fr, 21 Dez 2018 10:00:00 +0100", "2018-12-21T09:00:00Z")]
    [InlineData("Gio, 07 Giu 2018 10:00:00 +0200", "2018-06-07T08:00:00Z")]
    [InlineData("Mer, 11 Lug 2018 10:00:00 +0200", "2018-07-11T08:00:00Z")]
    [InlineData("Ven, 12 Ott 2018 10:00:00 +0200", "2018-10-12T08:00:00Z")]
    [InlineData("Gio, 10 Gen 2019 10:00:00 +0100", "2019-01-10T09:00:00Z")]
    [InlineData("di, 01 mei 2018 10:00:00 +0200", "2018-05-01T08:00:00Z")]
    [InlineData("za, 31 mrt 2018 10:00:00 +0200", "2018-03-31T08:00:00Z")]
    [InlineData("wo, 14 maart 2018 10:00:00 +0100", "2018-03-14T09:00:00Z")]
    // English still read as before
    [InlineData("Thu, 14 Jun 2018 10:00:00 +0000", "2018-06-14T10:00:00Z")]
    [InlineData("Wed, 18 Jul 2018 10:00:00 +0000", "2018-07-18T10:00:00Z")]
    [InlineData("Sat, 01 Sept 2018 10:00:00 +0000", "2018-09-01T10:00:00Z")]
    public void Day_and_month_names_in_other_languages_are_read(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(text));

    [Fact]
    public void A_date_nobody_can_read_is_left_to_the_first_seen_time_with_a_warning_naming_it()
    {
        var feed = ParseHelper.Rss("""
            <item><title>Read</title><pubDate>Tue, 19 Oct 2010 10:00:00 +0000</pubDate></item>
            <item><title>Unread</title><pubDate>le jour de la fête</pubDate></item>
            <item><title>Also unread</title><pubDate>someday</pubDate></item>
            """);

        Assert.Equal([new DateTimeOffset(2010, 10, 19, 10, 0, 0, TimeSpan.Zero), null, null], feed.Posts.Select(p => p.Published));
        var warning = Assert.Single(feed.Warnings, w => w.StartsWith("Could not read the date", StringComparison.Ordinal));
        Assert.Contains("'le jour de la fête' (of 'Unread')", warning, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Net;
using Clipping.Views;

namespace Clipping.Publishing;

/// <summary>
/// A finished week as one feed item, for readers who want one item a week: its clippings listed with who wrote them,
/// published when the week ended. Written by the same feed writers as clippings.
/// </summary>
public static class WeeklyFeed
{
    /// <summary>"Week 49, 2026".</summary>
    public static string Name(ArchiveWeek week) => string.Create(CultureInfo.InvariantCulture, $"Week {week.Week}, {week.Year}");

    /// <summary>"30 November – 6 December 2026", the year once when both days share it.</summary>
    public static string Days(ArchiveWeek week)
    {
        var (monday, sunday) = (week.Monday, week.Sunday);
        var first = monday.Year == sunday.Year ? monday.ToString(monday.Month == sunday.Month ? "%d" : "d MMMM", CultureInfo.InvariantCulture) : monday.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        return $"{first} – {sunday.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";
    }

    public static Clippings.Clipping Item(ArchiveWeek week, IReadOnlyList<Clippings.Clipping> clippings, string topic, Uri page, TimeZoneInfo zone)
    {
        var contributors = clippings.SelectMany(c => c.Sources).Select(s => s.ContributorId).Distinct(StringComparer.Ordinal).Count();
        var html = new System.Text.StringBuilder();
        html.Append("<ul>");
        foreach (var clipping in clippings.OrderBy(c => c.Published))
        {
            html.Append("<li>").Append(FeedFormatting.LinkedTitle(clipping))
                .Append(" by ").Append(WebUtility.HtmlEncode(string.Join(" and ", clipping.Sources.Select(s => s.ContributorName).Distinct()))).Append("</li>");
        }
        html.Append("</ul>");
        var ended = week.EndIn(zone);
        return new Clippings.Clipping(
            Key: week.ToString(),
            Topic: topic,
            CanonicalUrl: page.AbsoluteUri,
            Link: page.AbsoluteUri,
            Title: $"{Name(week)}: {Count(clippings.Count, "post")} from {Count(contributors, "contributor")}",
            ExcerptText: Days(week),
            ContentHtml: html.ToString(),
            ImageUrl: null,
            Published: ended,
            FirstSeen: ended,
            Updated: ended,
            Tags: [],
            Authors: [],
            Sources: [],
            ContentHash: "");
    }

    private static string Count(int count, string noun) => $"{count.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(count == 1 ? "" : "s")}";
}

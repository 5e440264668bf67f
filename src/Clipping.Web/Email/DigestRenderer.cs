using System.Text;
using Clipping.Content;
using Clipping.Contributors;
using Clipping.Email;
using Clipping.Publishing;
using Clipping.Storage;
using Clipping.Topics;
using Clipping.Views;
using Clipping.Web.Pages;
using Clipping.Web.Views;

namespace Clipping.Web.Email;

/// <summary>What the digest's HTML is drawn from.</summary>
/// <param name="ViewName">The view as the mail names it: "Big Society", "Big Society: posts by Rich".</param>
/// <param name="Days">The days it covers: "1–7 December".</param>
public sealed record DigestMailModel(SiteFrame Frame, ClippingView View, DigestContent Content, string Subject, string ViewName, string Days);

/// <summary>
/// Draws digests with the page's own components (<see cref="ClippingArticle"/>), then fits them for mail (<see cref="MailStyles"/>),
/// with a plain-text part made from the same clippings.
/// </summary>
public sealed class DigestRenderer(PageRenderer pages, SubscribableViews views, IClippingStore store, SiteTopics topics, SiteTime time, EmailAddresses addresses, ClippingOptions options)
    : IDigestRenderer
{
    public async Task<RenderedDigest> RenderAsync(DigestContent content, CancellationToken cancellationToken)
    {
        var site = new SiteInfo(options.Site.Title, options.Site.Description, addresses.BaseUrl);
        var (view, viewName, _) = await views.ResolveAsync(content.View, site, cancellationToken);
        view ??= ClippingView.ForTopic(content.View.Topic, topics, site);
        var days = DigestPeriod.Describe(content.From, content.To);
        var subject = $"{viewName}: {Plural.Of(content.Count, "new post")} ({days})";
        var ids = content.Clippings.SelectMany(c => c.Sources).Select(s => s.ContributorId).ToHashSet(StringComparer.Ordinal);
        var contributors = await store.GetContributorsAsync(ids, cancellationToken);
        var frame = new SiteFrame(site, topics, content.View.Topic, time, view) { Faces = SiteFrame.FacesOf(contributors) };
        var html = Encoding.UTF8.GetString(await pages.RenderAsync<DigestMail>(new DigestMailModel(frame, view, content, subject, viewName, days)));
        return new RenderedDigest(subject, MailStyles.Inline(html, addresses.BaseUrl), Text(content, viewName, days, view), addresses.ListId(viewName, content.View.Path));
    }

    private string Text(DigestContent content, string viewName, string days, ClippingView view)
    {
        var text = new StringBuilder();
        text.Append(Plural.Of(content.Count, "new post")).Append(" in ").Append(viewName).Append(", ").Append(days).Append(":\n\n");
        foreach (var clipping in content.Clippings)
        {
            text.Append(clipping.Title).Append('\n');
            if (WebLinks.Safe(clipping.Link) is { } link) text.Append(link).Append('\n');
            var credits = string.Join(", ", clipping.Sources.Select(s => s.ContributorName));
            text.Append("Clipped by ").Append(credits).Append(", ").Append(time.Local(clipping.Published).ToString("d MMMM HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            if (clipping.ExcerptText.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } first)
            {
                text.Append(first).Append('\n');
            }
            text.Append('\n');
        }
        if (content.More > 0) text.Append(Plural.Of(content.More, "more post")).Append(" on the site: ").Append(addresses.Absolute(view.PageUrl)).Append("\n\n");
        text.Append("-- \n")
            .Append("You get this ").Append(content.Frequency == DigestFrequency.Weekly ? "weekly" : "daily").Append(" digest because you subscribed to ")
            .Append(viewName).Append(" at ").Append(addresses.Absolute(view.PageUrl)).Append(".\n")
            .Append("Unsubscribe: ").Append(RenderedDigest.UnsubscribeMark).Append('\n');
        return text.ToString();
    }
}

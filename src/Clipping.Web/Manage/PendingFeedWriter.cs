using System.Xml;
using Clipping.Contributors;
using Clipping.Publishing;

namespace Clipping.Web.Manage;

/// <summary>The operator's private Atom feed: one entry per registration waiting for a decision, newest first.</summary>
internal static class PendingFeedWriter
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static void Write(Stream output, SiteInfo site, Uri self, IReadOnlyList<Contributor> pending)
    {
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true });
        var manage = new Uri(site.BaseUrl, RouteTemplates.Manage).AbsoluteUri;
        xml.WriteStartDocument();
        xml.WriteStartElement("feed", AtomNs);
        xml.WriteElementString("id", AtomNs, $"{FeedEntryId.ForSite(site)}:pending-registrations");
        xml.WriteElementString("title", AtomNs, $"{site.Title}: registrations waiting for approval");
        xml.WriteElementString("updated", AtomNs, Rfc3339(pending.Count == 0 ? DateTimeOffset.UnixEpoch : pending.Max(c => c.RegisteredAt)));
        Link(xml, "self", self.AbsoluteUri);
        Link(xml, "alternate", manage);
        xml.WriteStartElement("author", AtomNs);
        xml.WriteElementString("name", AtomNs, site.Title);
        xml.WriteEndElement();
        foreach (var contributor in pending)
        {
            xml.WriteStartElement("entry", AtomNs);
            xml.WriteElementString("id", AtomNs, $"{FeedEntryId.ForSite(site)}:pending-registrations:{contributor.Id}:{contributor.RegisteredAt.UtcTicks}");
            xml.WriteElementString("title", AtomNs, $"{contributor.Name} would like to join");
            xml.WriteElementString("updated", AtomNs, Rfc3339(contributor.RegisteredAt));
            Link(xml, "alternate", manage);
            xml.WriteStartElement("content", AtomNs);
            xml.WriteAttributeString("type", "text");
            xml.WriteString($"{contributor.Name} registered the feed {contributor.FeedUrl}" +
                (contributor.SiteUrl is { } blog ? $" (blog: {blog})" : "") +
                (contributor.Mode == FeedMode.AllPosts ? ", asking for every post to be clipped" : "") +
                $". Approve or reject it at {manage}.");
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void Link(XmlWriter xml, string rel, string href)
    {
        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}

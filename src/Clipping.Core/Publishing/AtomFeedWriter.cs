using System.Xml;

namespace Clipping.Publishing;

/// <summary>Writes a topic's combined feed as Atom 1.0 (RFC 4287).</summary>
public static class AtomFeedWriter
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string MediaNs = "http://search.yahoo.com/mrss/";

    public static void Write(Stream output, FeedView view)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        using var xml = FeedFormatting.CreateXmlWriter(output);
        xml.WriteStartDocument();
        xml.WriteStartElement("feed", AtomNs);
        xml.WriteAttributeString("xmlns", "media", null, MediaNs);
        if (!string.IsNullOrWhiteSpace(view.Site.Language)) xml.WriteAttributeString("xml", "lang", null, view.Site.Language.Trim());

        xml.WriteElementString("id", AtomNs, FeedEntryId.ForFeed(view));
        WriteText(xml, "title", view.Title);
        if (!string.IsNullOrWhiteSpace(view.Site.Description)) WriteText(xml, "subtitle", view.Site.Description);
        xml.WriteElementString("updated", AtomNs, FeedFormatting.Rfc3339(view.Updated));
        WriteLink(xml, "self", view.SelfUrl.AbsoluteUri, "application/atom+xml");
        if (view.Hub is { } hub) WriteLink(xml, "hub", hub.AbsoluteUri, type: null);
        WriteLink(xml, "alternate", view.PageUrl.AbsoluteUri, "text/html");
        xml.WriteElementString("generator", AtomNs, FeedFormatting.Generator);

        // RFC 4287 requires an author on the feed unless every entry has one; an entry with no recorded
        // contributor or author, or an empty feed, would otherwise make the whole document invalid.
        // Entries' own authors override this one.
        WriteAuthor(xml, new FeedCredit(FeedFormatting.Text(view.Site.Title), view.Site.BaseUrl.AbsoluteUri));

        foreach (var clipping in view.Items) WriteEntry(xml, view, clipping);

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }


    private static void WriteEntry(XmlWriter xml, FeedView view, Clippings.Clipping clipping)
    {
        xml.WriteStartElement("entry", AtomNs);
        xml.WriteElementString("id", AtomNs, view.ItemId(clipping));
        WriteText(xml, "title", clipping.Title);
        if (FeedFormatting.ArticleUrl(clipping) is { } link) WriteLink(xml, "alternate", link, type: null);
        xml.WriteElementString("published", AtomNs, FeedFormatting.Rfc3339(clipping.Published));
        xml.WriteElementString("updated", AtomNs, FeedFormatting.Rfc3339(FeedFormatting.PostUpdated(clipping)));

        foreach (var credit in FeedFormatting.Credits(clipping)) WriteAuthor(xml, credit);

        foreach (var tag in clipping.Tags.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            xml.WriteStartElement("category", AtomNs);
            xml.WriteAttributeString("term", FeedFormatting.Text(tag.Trim()));
            xml.WriteEndElement();
        }

        if (!string.IsNullOrWhiteSpace(clipping.ExcerptText)) WriteText(xml, "summary", clipping.ExcerptText);

        // type="html" with the markup as escaped text: readers unescape it once, and nothing in it can
        // close the element early.
        var html = FeedFormatting.ItemHtml(clipping);
        if (html.Length > 0)
        {
            xml.WriteStartElement("content", AtomNs);
            xml.WriteAttributeString("type", "html");
            xml.WriteString(html);
            xml.WriteEndElement();
        }

        // atom:source names the feed the entry came from, with the id, title and updated RFC 4287 asks of it; the
        // contributor's feed address is its id, as the original feed's own id is not kept.
        if (FeedFormatting.FirstSource(clipping) is { } source && FeedFormatting.SourceFeedUrl(view, source) is { } feedUrl)
        {
            xml.WriteStartElement("source", AtomNs);
            xml.WriteElementString("id", AtomNs, feedUrl);
            WriteText(xml, "title", source.ContributorName.Trim());
            xml.WriteElementString("updated", AtomNs, FeedFormatting.Rfc3339(clipping.Updated));
            WriteLink(xml, "self", feedUrl, type: null);
            if (FeedFormatting.AbsoluteUrl(source.ContributorSiteUrl) is { } siteUrl) WriteLink(xml, "alternate", siteUrl, "text/html");
            xml.WriteEndElement();
        }

        if (FeedFormatting.AbsoluteUrl(clipping.ImageUrl) is { } image)
        {
            xml.WriteStartElement("media", "thumbnail", MediaNs);
            xml.WriteAttributeString("url", image);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteText(XmlWriter xml, string element, string value)
    {
        xml.WriteStartElement(element, AtomNs);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(FeedFormatting.Text(value));
        xml.WriteEndElement();
    }

    private static void WriteLink(XmlWriter xml, string rel, string href, string? type)
    {
        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", rel);
        if (type is not null) xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static void WriteAuthor(XmlWriter xml, FeedCredit person)
    {
        xml.WriteStartElement("author", AtomNs);
        xml.WriteElementString("name", AtomNs, person.Name);
        if (person.Url is not null) xml.WriteElementString("uri", AtomNs, person.Url);
        xml.WriteEndElement();
    }
}

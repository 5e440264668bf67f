using System.Xml;

namespace Clipping.Publishing;

/// <summary>Writes a topic's combined feed as RSS 2.0.</summary>
public static class RssFeedWriter
{
    public const string ContentType = "application/rss+xml; charset=utf-8";

    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string MediaNs = "http://search.yahoo.com/mrss/";

    public static void Write(Stream output, FeedView view)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        using var xml = FeedFormatting.CreateXmlWriter(output);
        xml.WriteStartDocument();
        xml.WriteStartElement("rss");
        xml.WriteAttributeString("version", "2.0");
        xml.WriteAttributeString("xmlns", "atom", null, AtomNs);
        xml.WriteAttributeString("xmlns", "dc", null, DcNs);
        xml.WriteAttributeString("xmlns", "media", null, MediaNs);
        xml.WriteStartElement("channel");

        xml.WriteElementString("title", FeedFormatting.Text(view.Title));
        xml.WriteElementString("link", view.PageUrl.AbsoluteUri);
        xml.WriteElementString("description", FeedFormatting.Text(view.Site.Description));
        if (!string.IsNullOrWhiteSpace(view.Site.Language)) xml.WriteElementString("language", view.Site.Language.Trim());
        xml.WriteElementString("lastBuildDate", FeedFormatting.Rfc1123(view.Updated));
        xml.WriteElementString("generator", FeedFormatting.Generator);
        xml.WriteStartElement("atom", "link", AtomNs);
        xml.WriteAttributeString("href", view.SelfUrl.AbsoluteUri);
        xml.WriteAttributeString("rel", "self");
        xml.WriteAttributeString("type", "application/rss+xml");
        xml.WriteEndElement();
        if (view.Hub is { } hub)
        {
            xml.WriteStartElement("atom", "link", AtomNs);
            xml.WriteAttributeString("href", hub.AbsoluteUri);
            xml.WriteAttributeString("rel", "hub");
            xml.WriteEndElement();
        }

        foreach (var clipping in view.Items) WriteItem(xml, view, clipping);

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }


    private static void WriteItem(XmlWriter xml, FeedView view, Clippings.Clipping clipping)
    {
        xml.WriteStartElement("item");
        xml.WriteElementString("title", FeedFormatting.Text(clipping.Title));
        if (FeedFormatting.ArticleUrl(clipping) is { } link) xml.WriteElementString("link", link);

        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", "false");
        xml.WriteString(view.ItemId(clipping));
        xml.WriteEndElement();

        xml.WriteElementString("pubDate", FeedFormatting.Rfc1123(clipping.Published));

        // Written as text, so XmlWriter escapes it: no CDATA section for a "]]>" in the content to break out of.
        var html = FeedFormatting.ItemHtml(clipping);
        if (html.Length > 0) xml.WriteElementString("description", html);

        // RSS's own <author> must be an e-mail address, which contributors do not give: dc:creator carries names.
        foreach (var credit in FeedFormatting.Credits(clipping)) xml.WriteElementString("creator", DcNs, credit.Name);

        foreach (var tag in clipping.Tags.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            xml.WriteElementString("category", FeedFormatting.Text(tag.Trim()));
        }

        // <source url> is the feed the item came from (RSS 2.0): left out when that contributor is gone.
        if (FeedFormatting.FirstSource(clipping) is { } source && FeedFormatting.SourceFeedUrl(view, source) is { } sourceUrl)
        {
            xml.WriteStartElement("source");
            xml.WriteAttributeString("url", sourceUrl);
            xml.WriteString(FeedFormatting.Text(source.ContributorName.Trim()));
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
}

using System.Xml;
using Clipping.Contributors;

namespace Clipping.Publishing;

/// <summary>Writes the contributors' feeds as an OPML 2.0 subscription list, for readers that import one.</summary>
public static class OpmlWriter
{
    public const string ContentType = "text/x-opml; charset=utf-8";

    /// <summary>
    /// Writes every approved contributor, in the order given. Pending, rejected and removed registrations
    /// are left out even if passed in: the list is public, and an unreviewed feed must not appear in it.
    /// </summary>
    public static void Write(Stream output, string title, IEnumerable<Contributor> contributors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(contributors);
        using var xml = FeedFormatting.CreateXmlWriter(output);
        xml.WriteStartDocument();
        xml.WriteStartElement("opml");
        xml.WriteAttributeString("version", "2.0");
        xml.WriteStartElement("head");
        xml.WriteElementString("title", FeedFormatting.Text(title));
        xml.WriteEndElement();
        xml.WriteStartElement("body");

        foreach (var contributor in contributors.Where(c => c.Status == ContributorStatus.Approved))
        {
            var name = FeedFormatting.Text(contributor.Name.Trim());
            xml.WriteStartElement("outline");
            xml.WriteAttributeString("type", "rss");
            xml.WriteAttributeString("text", name);
            xml.WriteAttributeString("title", name);
            xml.WriteAttributeString("xmlUrl", FeedFormatting.Text(contributor.FeedUrl.Trim()));
            if (!string.IsNullOrWhiteSpace(contributor.SiteUrl)) xml.WriteAttributeString("htmlUrl", FeedFormatting.Text(contributor.SiteUrl.Trim()));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }
}

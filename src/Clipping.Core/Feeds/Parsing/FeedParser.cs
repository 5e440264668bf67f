using Clipping.Feeds.Parsing.Decoding;
using Clipping.Feeds.Parsing.Xml;
using Clipping.Feeds.Parsing.Formats;
using Clipping.Feeds.Parsing.Fields;
namespace Clipping.Feeds.Parsing;

/// <summary>Reads a downloaded feed (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into the normalised model the pipeline uses.</summary>
public static class FeedParser
{
    /// <param name="body">Raw bytes as downloaded.</param>
    /// <param name="contentType">The HTTP Content-Type header, or null.</param>
    /// <param name="documentUrl">Where it was fetched, for resolving relative links; may be null.</param>
    /// <param name="maxPosts">The most posts to keep; the feed's first ones are kept.</param>
    /// <param name="known">Items read before, to skip (see <see cref="ParsedFeed.UnchangedItems"/>); null reads every item.</param>
    /// <exception cref="FeedParseException">The document is not a feed that can be read; the message says why, for people.</exception>
    public static ParsedFeed Parse(ReadOnlyMemory<byte> body, string? contentType, Uri? documentUrl, int maxPosts = 500, KnownItems? known = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPosts);
        var context = new FeedContext(documentUrl, maxPosts, known);
        string? text = null;
        var document = FeedDecoding.IsPlainUtf8(body.Span, contentType, out var bom) ? XmlLoader.TryLoadUtf8(body[bom..]) : null;
        if (document is null)
        {
            text = FeedDecoding.Decode(body.Span, contentType, context.Warnings);
            if (text.AsSpan().TrimStart().TrimStart('\uFEFF').TrimStart().IsEmpty) throw new FeedParseException("The feed is empty");
            if (JsonFeedAdapter.Claims(text)) return JsonFeedAdapter.Read(text, contentType, context);
            document = XmlLoader.Load(text, context.Warnings);
        }

        var root = document.Root ?? throw new FeedParseException("Not a feed: no <rss>, <feed> or <rdf:RDF> root");
        return root.Name.LocalName.ToLowerInvariant() switch
        {
            "rss" => RssAdapter.Read(root, context),
            "feed" or "entry" => AtomAdapter.Read(root, context),
            "rdf" => RdfAdapter.Read(root, context),
            "html" => throw HtmlPage.NotAFeed(text ?? System.Text.Encoding.UTF8.GetString(body.Span)),
            var other => throw new FeedParseException($"Not a feed: no <rss>, <feed> or <rdf:RDF> root (the document is <{other}>)"),
        };
    }
}

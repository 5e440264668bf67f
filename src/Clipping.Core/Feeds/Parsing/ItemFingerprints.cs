using System.IO.Hashing;
using System.Xml.Linq;
using Clipping.Hashing;

namespace Clipping.Feeds.Parsing;

/// <summary>
/// Fingerprints of feed items as published: an item's XML together with everything that decides how it is read (its
/// context in the feed, the document's address, this build of the parser, and whatever the caller adds). Equal
/// fingerprints mean the item would be read into the same post again, so a caller that has read it can skip it.
/// </summary>
/// <remarks>
/// XxHash3 rather than a cryptographic hash: this runs over every byte of every changed feed, and the worst a forged
/// collision can do is hide a feed's own new post from that feed's own contributor.
/// </remarks>
internal static class ItemFingerprints
{
    // A new build of ours or of FeedReader may read the same XML differently, so an upgrade reads every item afresh once.
    private static readonly Guid ParserBuild = typeof(ItemFingerprints).Module.ModuleVersionId;
    private static readonly Guid FeedReaderBuild = typeof(CodeHollow.FeedReader.FeedReader).Module.ModuleVersionId;

    /// <summary>
    /// The seed for a feed's items: the address, the parser, what the adapter reads the items in the light of (base
    /// URLs, the feed's authors), and the attributes of the elements around them (namespace declarations, xml:base).
    /// Not the rest of the feed: a blog's feed changes its build date with every post. The caller's own seed is mixed
    /// in afterwards (<see cref="WithCallerSeed"/>), so a feed parsed once can be fingerprinted for another caller.
    /// </summary>
    public static long OfContext(Uri? documentUrl, XElement? parent, IEnumerable<string?> readIn)
    {
        var hash = new XxHash3();
        Span<byte> build = stackalloc byte[16];
        ParserBuild.TryWriteBytes(build);
        hash.Append(build);
        FeedReaderBuild.TryWriteBytes(build);
        hash.Append(build);
        hash.AppendString(documentUrl?.AbsoluteUri);
        // Counted first, like every string, so a list of any length cannot run into what follows it.
        var values = readIn.ToList();
        hash.AppendLength(values.Count);
        foreach (var value in values) hash.AppendString(value);
        for (var ancestor = parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            hash.AppendMark('<');
            hash.AppendString(ancestor.Name.NamespaceName);
            hash.AppendString(ancestor.Name.LocalName);
            AppendAttributes(hash, ancestor);
        }
        return unchecked((long)hash.GetCurrentHashAsUInt64());
    }

    /// <summary>
    /// An item's fingerprint for one caller: its fingerprint in its feed, mixed with the caller's seed (its matching
    /// rules, say), so what one caller has read means nothing to another. For one seed, different items stay different.
    /// </summary>
    public static ulong WithCallerSeed(ulong item, string callerSeed) => item ^ XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(callerSeed));

    public static ulong OfItem(long feedSeed, XElement item)
    {
        var hash = new XxHash3(feedSeed);
        AppendTree(hash, item);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Walks the tree without recursion: a hostile feed can nest deeper than the stack.</summary>
    private static void AppendTree(XxHash3 hash, XElement top)
    {
        XNode node = top;
        while (true)
        {
            switch (node)
            {
                case XElement element:
                    hash.AppendMark('<');
                    hash.AppendString(element.Name.NamespaceName);
                    hash.AppendString(element.Name.LocalName);
                    AppendAttributes(hash, element);
                    if (element.FirstNode is { } first)
                    {
                        node = first;
                        continue;
                    }
                    hash.AppendMark('>');
                    break;
                case XText text:
                    // CDATA or not reads the same; comments and processing instructions are not read at all.
                    hash.AppendMark('t');
                    hash.AppendString(text.Value);
                    break;
            }
            while (true)
            {
                if (node == top) return;
                if (node.NextNode is { } next)
                {
                    node = next;
                    break;
                }
                node = node.Parent!;
                hash.AppendMark('>');
            }
        }
    }

    private static void AppendAttributes(XxHash3 hash, XElement element)
    {
        foreach (var attribute in element.Attributes())
        {
            hash.AppendMark('@');
            hash.AppendString(attribute.Name.NamespaceName);
            hash.AppendString(attribute.Name.LocalName);
            hash.AppendString(attribute.Value);
        }
    }
}

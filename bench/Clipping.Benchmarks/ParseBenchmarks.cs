using System.Text;
using BenchmarkDotNet.Attributes;
using Clipping.Feeds.Parsing;

namespace Clipping.Benchmarks;

/// <summary>
/// Budget: Clipping's parser (recovery, normalisation, its fixes) costs at most 20% more than CodeHollow.FeedReader's
/// own ReadFromString on the same feed. Ours starts from bytes (it decodes too); FeedReader gets the decoded string free.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _bytes = [];
    private string _text = "";

    [Params("wordpress-rss-20-items", "blogger-atom-20-items", "rss-100-items")]
    public string Feed { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _bytes = Feed switch
        {
            "wordpress-rss-20-items" => SyntheticFeeds.Rss(1),
            "rss-100-items" => SyntheticFeeds.Rss(2, 100),
            _ => SyntheticAtom(),
        };
        _text = Encoding.UTF8.GetString(_bytes);
    }

    [Benchmark(Baseline = true)]
    public int FeedReaderReadFromString() => CodeHollow.FeedReader.FeedReader.ReadFromString(_text).Items.Count;

    [Benchmark]
    public int ClippingFeedParser() => FeedParser.Parse(_bytes, "application/rss+xml; charset=utf-8", new Uri("https://blog.example.org/feed")).Posts.Count;

    private static byte[] SyntheticAtom()
    {
        var text = new StringBuilder("""<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' xml:base='https://phil.example.com/'><id>tag:blogger.com,1999:blog-1</id><title type='text'>Blog</title><updated>2026-11-20T10:00:00Z</updated><link rel='alternate' href='https://phil.example.com/'/><author><name>Phil</name></author>""");
        for (var i = 0; i < 20; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<entry><id>tag:blogger.com,1999:blog-1.post-{i}</id><published>2026-11-{i + 1:00}T21:40:00.000+01:00</published><updated>2026-11-{i + 1:00}T21:40:12.001+01:00</updated><category scheme='http://www.blogger.com/atom/ns#' term='Big Society'/><category term='police'/><title type='text'>Post {i}</title><content type='html'>&lt;p&gt;Paragraph one of post {i} with &lt;a href="2026/11/other.html"&gt;a link&lt;/a&gt;.&lt;/p&gt;&lt;p&gt;Paragraph two, a bit longer, about councils, volunteers and the minibus rota.&lt;/p&gt;</content><link rel='replies' type='application/atom+xml' href='https://phil.example.com/feeds/{i}/comments/default'/><link rel='alternate' type='text/html' href='https://phil.example.com/2026/11/post-{i}.html'/><author><name>Phil</name></author></entry>""");
        }
        text.Append("</feed>");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

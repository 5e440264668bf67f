using Clipping.Content;

namespace Clipping.Tests.Content;

public sealed class HtmlCleanerTests
{
    private readonly HtmlCleaner _cleaner = new();

    [Fact]
    public void Scripts_handlers_and_script_urls_are_removed_and_urls_made_absolute()
    {
        var clean = _cleaner.Clean(
            "<p>Hi <img src=\"/img/a.png\" onerror=\"alert(1)\"><script>steal()</script><a href=\"javascript:alert(2)\">x</a> <a href=\"/faq\" target=\"_blank\">FAQ</a></p>",
            "https://news.example.org/story");
        Assert.DoesNotContain("script", clean.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", clean.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", clean.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("target", clean.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"https://news.example.org/img/a.png\"", clean.Html);
        Assert.Contains("href=\"https://news.example.org/faq\"", clean.Html);
        Assert.Contains("rel=\"nofollow ugc noopener\"", clean.Html);
        Assert.Equal("https://news.example.org/img/a.png", clean.FirstImageUrl);
    }

    [Theory]
    [InlineData("<iframe src=\"https://evil.example/\"></iframe>", "iframe")]
    [InlineData("<form action=\"https://evil.example/\"><input name=p></form>", "form")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">x</p>", "style")]
    [InlineData("<svg><script>alert(1)</script></svg>", "svg")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "data:")]
    [InlineData("<base href=\"https://evil.example/\">", "base")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "ascript")]
    public void Hostile_markup_does_not_survive(string html, string forbidden) =>
        Assert.DoesNotContain(forbidden, _cleaner.Clean(html, "https://example.org/").Html, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Relative_urls_without_a_base_are_dropped_rather_than_pointing_at_our_site()
    {
        var clean = _cleaner.Clean("<p><a href=\"/x\">x</a><img src=\"/y.png\"></p>", null);
        Assert.DoesNotContain("href", clean.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("img", clean.Html, StringComparison.Ordinal);
        Assert.Null(clean.FirstImageUrl);
    }

    [Fact]
    public void The_excerpt_is_plain_text_with_its_paragraphs_cut_at_a_word()
    {
        var clean = new HtmlCleaner(excerptLength: 40).Clean("<p>The quick <b>brown</b>\n fox</p>\n\n<p>jumps over the lazy dog and keeps running far away.</p>", null);
        Assert.Equal("The quick brown fox\n\njumps over the\u2026", clean.ExcerptText);
        // Blocks run together in the markup still read as paragraphs; inline elements never split a word.
        Assert.Equal("co-ordinates.\n\nSee my earlier post.\n\nOne\n\ntwo",
            _cleaner.Clean("<p>co-ordinates.</p><p>See my <a href=\"https://x.example/\">earl</a>ier post.</p><ul><li>One</li><li>two</li></ul>", null).ExcerptText);
        Assert.Equal("", _cleaner.Clean(null, null).ExcerptText);
    }

    [Fact]
    public void Titles_given_as_html_become_text() =>
        Assert.Equal("Fish & chips <3", HtmlCleaner.TextOf("<b>Fish</b> &amp; chips &lt;3"));
}

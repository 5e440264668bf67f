using System.Net;
using System.Text;
using Clipping.Contributors;
using Clipping.Faces;
using Clipping.Storage;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Faces;

/// <summary>Only raster images, recognised by their bytes, become faces.</summary>
public sealed class FaceImageTests
{
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0];

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16 }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1, 0 }, "image/gif")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 4, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P', (byte)'V', (byte)'P' }, "image/webp")]
    [InlineData(new byte[] { 0, 0, 1, 0, 1, 0, 16, 16 }, "image/x-icon")]
    public void Raster_images_are_recognised_by_their_bytes(byte[] bytes, string type) =>
        Assert.Equal((type, (string?)null), FaceImage.Recognise(bytes));

    [Fact]
    public void Png_is_recognised_and_svg_html_oversized_and_empty_files_are_refused_saying_why()
    {
        Assert.Equal("image/png", FaceImage.Recognise(Png).ContentType);
        Assert.Contains("SVG", FaceImage.Recognise("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8).Refusal);
        Assert.Contains("SVG", FaceImage.Recognise("\uFEFF<?xml version=\"1.0\"?>\n<svg/>"u8.ToArray()).Refusal);
        Assert.Equal("it is a web page, not an image", FaceImage.Recognise("<!DOCTYPE html><html><title>404</title></html>"u8).Refusal);
        Assert.Equal("it is larger than 64 KB", FaceImage.Recognise([.. Png, .. new byte[FaceImage.MaxBytes]]).Refusal);
        Assert.Equal("it is empty", FaceImage.Recognise([]).Refusal);
        Assert.Equal("it is not a PNG, JPEG, GIF, WebP or ICO image", FaceImage.Recognise("GIF90a"u8).Refusal);
    }
}

/// <summary>
/// A contributor's face, found where their feed or blog keeps it, kept in the store, served from the site, and shown
/// beside their posts; without one, their initials.
/// </summary>
public sealed class FaceTests
{
    private static byte[] Feed(string channelExtras) => Encoding.UTF8.GetBytes(
        $"<rss version=\"2.0\"><channel><title>Blog</title><link>https://blog.example/</link>{channelExtras}" +
        "<item><title>A post</title><link>https://blog.example/a</link><guid>a</guid><pubDate>Mon, 18 Oct 2010 07:30:00 +0000</pubDate>" +
        "<category>Big Society</category><description>Text</description></item></channel></rss>");

    private static async Task<(SiteUnderTest Site, string Id)> SiteAsync(FeedServer server, string store, string? siteUrl)
    {
        var site = await SiteUnderTest.StartAsync(SiteUnderTest.On(store));
        var url = server.UrlOf("/feed").AbsoluteUri;
        var id = ContributorIds.ForFeed(url);
        await site.Services.GetRequiredService<IClippingStore>().AddContributorAsync(new Contributor(id, "Rich Blogger", siteUrl, url,
            ContributorStatus.Approved, FeedMode.TaggedPosts, null, site.Clock.GetUtcNow(), FeedState.New), CancellationToken.None);
        return (site, id);
    }

    private static async Task RefreshAsync(SiteUnderTest site) => (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task The_feeds_own_image_becomes_the_face_served_from_the_site_and_is_looked_for_again_daily(string store)
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", Feed($"<image><url>{server.UrlOf("/images/me.png")}</url><title>Blog</title><link>https://blog.example/</link></image>"), "application/rss+xml", validators: false);
        server.Serve("/images/me.png", FaceImageTests.Png, "image/png");
        var (site, id) = await SiteAsync(server, store, null);
        await using var _ = site;

        await RefreshAsync(site);
        Assert.NotNull(await site.Services.GetRequiredService<IClippingStore>().GetFaceAsync(id, CancellationToken.None));
        var page = await site.Http.GetStringAsync("/");
        var at = page.IndexOf("<img class=\"face\"", StringComparison.Ordinal);
        Assert.True(at >= 0 && page[at..].StartsWith($"<img class=\"face\" src=\"/contributors/{id}/icon?v=", StringComparison.Ordinal), at < 0 ? page : page[at..(at + 200)]);
        var src = System.Text.RegularExpressions.Regex.Match(page[at..], "src=\"(?<src>/contributors/" + id + "/icon\\?v=[0-9a-f]{12})\"").Groups["src"].Value;
        Assert.NotEmpty(src);

        using var icon = await site.Http.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/png", icon.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["nosniff"], icon.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(TimeSpan.FromDays(365), icon.Headers.CacheControl?.MaxAge);
        Assert.Equal(FaceImageTests.Png, await icon.Content.ReadAsByteArrayAsync());
        using var again = new HttpRequestMessage(HttpMethod.Get, src);
        again.Headers.IfNoneMatch.Add(icon.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await site.Http.SendAsync(again)).StatusCode);

        // Within a day it is not looked for again; after a day it is.
        await RefreshAsync(site);
        Assert.Single(server.StatusesFor("/images/me.png"));
        site.Clock.Advance(TimeSpan.FromHours(25));
        await RefreshAsync(site);
        Assert.Equal(2, server.StatusesFor("/images/me.png").Count);
    }

    [Fact]
    public async Task Atom_icon_json_favicon_link_rel_icon_and_favicon_ico_are_each_found()
    {
        await using var server = await FeedServer.StartAsync();
        var gif = "GIF89a\u0001\u0000\u0001\u0000"u8.ToArray();
        var ico = new byte[] { 0, 0, 1, 0, 1, 0, 16, 16, 0, 0 };
        var cases = new (string Name, string Feed, string Type, string? SiteUrl, Action Serve, byte[] Expected)[]
        {
            ("atom", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><id>urn:a</id><updated>2010-10-18T07:30:00Z</updated><icon>/atom-icon.gif</icon><entry><id>urn:a:1</id><title>A post</title><updated>2010-10-18T07:30:00Z</updated><link href=\"https://blog.example/a\"/><category term=\"Big Society\"/></entry></feed>",
                "application/atom+xml", null, () => server.Serve("/atom-icon.gif", gif, "image/gif"), gif),
            ("json", "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"favicon\":\"/fav-64.png\",\"items\":[{\"id\":\"1\",\"url\":\"https://blog.example/a\",\"title\":\"A post\",\"tags\":[\"Big Society\"],\"content_text\":\"T\",\"date_published\":\"2010-10-18T07:30:00Z\"}]}",
                "application/feed+json", null, () => server.Serve("/fav-64.png", FaceImageTests.Png, "image/png"), FaceImageTests.Png),
            ("page", Encoding.UTF8.GetString(Feed("")), "application/rss+xml", "/home/",
                () => server.Serve("/home/", "<html><head><link rel=\"icon\" href=\"icon.svg\" type=\"image/svg+xml\"><link rel=\"shortcut icon\" href=\"/img/icon-32.gif\" sizes=\"32x32\"></head></html>"u8.ToArray(), "text/html"),
                null!),
            ("favicon", Encoding.UTF8.GetString(Feed("")), "application/rss+xml", "/home/", () =>
            {
                server.Serve("/home/", "<html><head><title>No icons named here</title></head></html>"u8.ToArray(), "text/html");
                server.Serve("/favicon.ico", ico, "image/vnd.microsoft.icon");
            }, ico),
        };
        foreach (var (name, feed, type, siteUrl, serve, expected) in cases)
        {
            server.Serve("/feed", Encoding.UTF8.GetBytes(feed), type, validators: false);
            serve();
            if (name == "page") server.Serve("/img/icon-32.gif", gif, "image/gif");
            var (site, id) = await SiteAsync(server, "sqlite", siteUrl is null ? null : server.UrlOf(siteUrl).AbsoluteUri);
            await using (site)
            {
                await RefreshAsync(site);
                var face = await site.Services.GetRequiredService<IClippingStore>().GetFaceAsync(id, CancellationToken.None);
                Assert.True(face is not null, name);
                Assert.Equal(expected ?? gif, face!.Image);
            }
        }
    }

    [Fact]
    public async Task A_face_is_looked_for_at_registration()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", Feed($"<image><url>{server.UrlOf("/me.png")}</url></image>"), "application/rss+xml");
        server.Serve("/me.png", FaceImageTests.Png, "image/png");
        await using var site = await SiteUnderTest.StartAsync();

        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(site.Http, "api/contributors", new { name = "Ann Blogger", url = server.UrlOf("/feed").AbsoluteUri });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var id = ContributorIds.ForFeed(server.UrlOf("/feed").AbsoluteUri);
        var store = site.Services.GetRequiredService<IClippingStore>();
        Assert.Equal(FaceImageTests.Png, (await store.GetFaceAsync(id, CancellationToken.None))?.Image);
        var contributor = await store.GetContributorAsync(id, CancellationToken.None);
        Assert.Equal(site.Clock.GetUtcNow(), contributor!.State.FaceChecked);
        Assert.NotNull(contributor.State.Face);
    }

    [Theory]
    [InlineData("svg")]
    [InlineData("oversized")]
    [InlineData("html")]
    public async Task A_refused_image_leaves_the_initials(string what)
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed", Feed($"<image><url>{server.UrlOf("/icon")}</url></image>"), "application/rss+xml", validators: false);
        server.Serve("/icon", what switch
        {
            "svg" => "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray(),
            "oversized" => [.. FaceImageTests.Png, .. new byte[70 * 1024]],
            _ => "<!DOCTYPE html><title>Not found</title>"u8.ToArray(),
        }, what switch { "svg" => "image/svg+xml", "oversized" => "image/png", _ => "image/png" });
        var (site, id) = await SiteAsync(server, "sqlite", null);
        await using var _ = site;

        await RefreshAsync(site);

        Assert.Null(await site.Services.GetRequiredService<IClippingStore>().GetFaceAsync(id, CancellationToken.None));
        var page = await site.Http.GetStringAsync("/");
        Assert.Contains("aria-hidden=\"true\">RB</span>", page);
        Assert.DoesNotContain("<img class=\"face\"", page);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync($"/contributors/{id}/icon")).StatusCode);
    }
}

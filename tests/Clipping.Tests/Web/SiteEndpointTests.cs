using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Web;

public sealed class SiteEndpointTests
{
    [Fact]
    public async Task An_empty_site_invites_registration_and_advertises_its_feeds()
    {
        await using var site = await SiteUnderTest.StartAsync();
        using var response = await site.Http.GetAsync("");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing has been clipped here yet", html);
        Assert.Contains("href=\"/register\"", html);
        Assert.Contains("<link rel=\"alternate\" type=\"application/rss+xml\"", html);
        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\"", html);
        // With no script-src, scripts fall back to default-src 'none': no inline script, no script at all.
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.DoesNotContain("'unsafe-inline'", csp);
    }

    [Fact]
    public async Task Pages_and_feeds_come_compressed_as_the_client_asks_each_encoding_with_its_own_validator()
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new Clipping.Tests.EndToEnd.FixtureBlogs(server);
        await using var site = await SiteUnderTest.StartAsync();
        await blogs.RegisterAllAsync(site);
        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();

        foreach (var path in new[] { "", "rss.xml", "atom.xml", "feed.json", "tags/localism/atom.xml", "search/rss.xml?q=society" })
        {
            using var plain = await site.Http.GetAsync(path);
            var identity = await plain.Content.ReadAsByteArrayAsync();
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", plain.Headers.Vary);
            // A feed is sent to a browser as a type it shows, so caches must keep the two apart.
            if (path.Contains(".xml", StringComparison.Ordinal) || path.Contains(".json", StringComparison.Ordinal)) Assert.Contains("Accept", plain.Headers.Vary);
            foreach (var (encoding, decompress) in new (string, Func<Stream, Stream>)[]
                     {
                         ("br", s => new System.IO.Compression.BrotliStream(s, System.IO.Compression.CompressionMode.Decompress)),
                         ("gzip", s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionMode.Decompress)),
                     })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.AcceptEncoding.ParseAdd(encoding == "br" ? "gzip;q=0.8, br" : "gzip, br;q=0");
                using var compressed = await site.Http.SendAsync(request);
                Assert.Equal([encoding], compressed.Content.Headers.ContentEncoding);
                using var body = decompress(await compressed.Content.ReadAsStreamAsync());
                using var copy = new MemoryStream();
                await body.CopyToAsync(copy);
                Assert.Equal(identity, copy.ToArray());
                Assert.NotEqual(plain.Headers.ETag, compressed.Headers.ETag);

                using var again = new HttpRequestMessage(HttpMethod.Get, path);
                again.Headers.AcceptEncoding.ParseAdd(encoding);
                again.Headers.IfNoneMatch.Add(compressed.Headers.ETag!);
                Assert.Equal(HttpStatusCode.NotModified, (await site.Http.SendAsync(again)).StatusCode);
            }
        }
    }

    [Fact]
    public async Task The_status_page_shows_the_last_runs_recorded_in_the_store_wherever_they_ran()
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new Clipping.Tests.EndToEnd.FixtureBlogs(server);
        await using var site = await SiteUnderTest.StartAsync();
        Assert.Contains("No refresh has run yet.", await site.Http.GetStringAsync("status"));
        await blogs.RegisterAllAsync(site);
        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();
        // Another process's run, recorded in the same store, in flight.
        await site.Services.GetRequiredService<Clipping.Storage.IClippingStore>()
            .SaveRunAsync(Clipping.Refresh.RefreshRun.Planned("elsewhere", site.Clock.GetUtcNow().AddMinutes(1), 8), CancellationToken.None);

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await site.Http.GetStringAsync("status"));
        var rows = document.QuerySelectorAll("table.runs tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["in progress", "0 of 8"], rows[0][1..3]);
        Assert.StartsWith("finished in", rows[1][1], StringComparison.Ordinal);
        Assert.Equal(["8 of 8", "6", "0", "2", "9"], rows[1][2..7]);
    }

    [Fact]
    public async Task The_status_page_comes_from_the_cache_with_a_validator_and_shows_this_process_s_refresh_at_once()
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new Clipping.Tests.EndToEnd.FixtureBlogs(server);
        await using var site = await SiteUnderTest.StartAsync();
        await blogs.RegisterAllAsync(site);

        using var first = await site.Http.GetAsync("status");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "status");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await site.Http.SendAsync(again)).StatusCode);
        Assert.Contains("No refresh has run yet.", await first.Content.ReadAsStringAsync());

        // A refresh here changes feed health: the next reader sees it, under a new validator.
        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();
        using var after = await site.Http.GetAsync("status");
        Assert.NotEqual(etag, after.Headers.ETag);
        Assert.DoesNotContain("No refresh has run yet.", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rendered_page_is_not_kept_by_the_renderer_once_it_is_sent()
    {
        await using var site = await SiteUnderTest.StartAsync();
        var model = await RenderOnceAsync(site);
        for (var i = 0; i < 3 && model.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        // A renderer that kept each page's component (and its model) grew with every page it rendered.
        Assert.False(model.IsAlive, "the page's model is still held after rendering");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RenderOnceAsync(SiteUnderTest site)
    {
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        request.Scheme = "http";
        request.Host = new Microsoft.AspNetCore.Http.HostString("localhost");
        var context = site.Services.GetRequiredService<Clipping.Web.Endpoints.SiteContext>();
        var model = new Clipping.Web.Pages.NotFoundModel(context.FrameFor(request, context.Topics.Default), "Nothing here, on purpose.");
        var html = await site.Services.GetRequiredService<Clipping.Web.Pages.PageRenderer>().RenderAsync<Clipping.Web.Pages.NotFoundPage>(model);
        Assert.Contains("Nothing here, on purpose.", System.Text.Encoding.UTF8.GetString(html));
        return new WeakReference(model);
    }

    [Fact]
    public async Task The_icons_are_served_and_named_by_every_page()
    {
        await using var site = await SiteUnderTest.StartAsync();
        using var ico = await site.Http.GetAsync("favicon.ico");
        Assert.Equal("image/x-icon", ico.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0, 0, 1, 0], (await ico.Content.ReadAsByteArrayAsync())[..4]);
        using var svg = await site.Http.GetAsync("favicon.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\"", await site.Http.GetStringAsync(""));
    }

    [Fact]
    public async Task Each_topic_has_its_own_views_and_a_view_of_one_topic_never_lists_another_s_clippings()
    {
        await using var server = await FeedServer.StartAsync();
        var blogs = new Clipping.Tests.EndToEnd.FixtureBlogs(server);
        await using var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Clipping:Topics:1:Name"] = "Localism",
            ["Clipping:Topics:1:Slug"] = "localism",
        });
        await blogs.RegisterAllAsync(site);
        (await site.Admin.PostAsync("manage/refresh", null)).EnsureSuccessStatusCode();

        var localism = await site.Http.GetStringAsync("topics/localism/tags/whitehall");
        Assert.Contains("Big Society equals organised chaos?", localism);
        Assert.Contains("href=\"/topics/localism/tags/whitehall/rss.xml\"", localism);
        var search = await site.Http.GetStringAsync("topics/localism/search?q=police");
        // Phil's post on police chiefs is tagged Big Society, not localism: searching the Localism topic does not find it.
        Assert.Contains("No post matches every word of “police”", search);
        Assert.Contains("Elected police chiefs", await site.Http.GetStringAsync("search?q=police"));
        var feed = await site.Http.GetStringAsync("topics/localism/archive/2010/10/atom.xml");
        Assert.Contains("Big Society equals organised chaos?", feed);
        Assert.DoesNotContain("Elected police chiefs", feed);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("topics/nowhere/tags/whitehall")).StatusCode);
    }

    [Fact]
    public async Task Pages_and_feeds_answer_304_to_a_client_holding_the_current_copy()
    {
        await using var site = await SiteUnderTest.StartAsync();
        foreach (var path in new[] { "", "rss.xml", "atom.xml", "feed.json", "opml.xml" })
        {
            using var first = await site.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag!;
            var lastModified = first.Content.Headers.LastModified!.Value;

            using var byEtag = new HttpRequestMessage(HttpMethod.Get, path);
            byEtag.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await site.Http.SendAsync(byEtag)).StatusCode);

            using var byDate = new HttpRequestMessage(HttpMethod.Get, path);
            byDate.Headers.IfModifiedSince = lastModified;
            Assert.Equal(HttpStatusCode.NotModified, (await site.Http.SendAsync(byDate)).StatusCode);

            using var stale = new HttpRequestMessage(HttpMethod.Get, path);
            stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
            Assert.Equal(HttpStatusCode.OK, (await site.Http.SendAsync(stale)).StatusCode);
        }
    }

    [Fact]
    public async Task Unknown_topics_are_not_found()
    {
        await using var site = await SiteUnderTest.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("topics/nothing-here")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Http.GetAsync("topics/nothing-here/rss.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.Http.GetAsync("topics/big-society")).StatusCode);
        Assert.Equal("ok", await site.Http.GetStringAsync("health"));
    }

    [Fact]
    public async Task Admin_endpoints_need_the_key_and_are_off_without_one()
    {
        await using (var site = await SiteUnderTest.StartAsync())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await site.Http.GetAsync("manage/contributors")).StatusCode);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "manage/contributors");
            wrong.Headers.Add("X-Admin-Key", SiteUnderTest.AdminKey + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await site.Http.SendAsync(wrong)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await site.Admin.GetAsync("manage/contributors")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await site.Admin.PostAsync("manage/contributors/nobody/approve", null)).StatusCode);
        }
        await using (var site = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Admin:Key"] = "" }))
        {
            // Without a key the moderation routes do not exist: every method on every one of them is a plain 404,
            // with no Allow header to show that something lives there.
            foreach (var route in Clipping.Publishing.SiteRoutes.All.Where(r => r.Admin))
            {
                var path = route.Template.Replace("{id}", "nobody", StringComparison.Ordinal);
                foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
                {
                    using var response = await site.Admin.SendAsync(new HttpRequestMessage(method, path));
                    Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} /{path}: {(int)response.StatusCode}");
                    Assert.Empty(response.Content.Headers.Allow);
                }
            }
        }
    }

    [Theory]
    [InlineData("", "https://example.org/", "name")]
    [InlineData("Ann", "", "address")]
    [InlineData("Ann", "ftp://example.org/feed", "http://")]
    [InlineData("Ann", "not a url", "http://")]
    public async Task Bad_registrations_are_refused_with_what_to_fix(string name, string url, string expected)
    {
        await using var site = await SiteUnderTest.StartAsync();
        using var response = await site.Http.PostAsJsonAsync("api/contributors", new { name, url });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Registration_refuses_unreachable_addresses_and_pages_that_are_not_feeds()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/down", Fixtures.Feed("not-a-feed.html"), "text/html", status: 503);
        server.Serve("/page", Fixtures.Feed("not-a-feed.html"), "text/html");
        await using var site = await SiteUnderTest.StartAsync();

        async Task<string> Refusal(string path)
        {
            using var response = await site.Http.PostAsJsonAsync("api/contributors", new { name = "Ann", url = server.UrlOf(path).AbsoluteUri });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
        }

        Assert.Contains("503", await Refusal("/down"));
        Assert.Contains("404", await Refusal("/missing"));
        Assert.Contains("names no feed", await Refusal("/page"));

        await using var publicOnly = await SiteUnderTest.StartAsync(new Dictionary<string, string?> { ["Clipping:Fetch:AllowPrivateNetworks"] = "false" });
        using var refused = await publicOnly.Http.PostAsJsonAsync("api/contributors", new { name = "Ann", url = "http://127.0.0.1/feed" });
        Assert.Contains("private", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_site_address_is_resolved_to_its_topic_feed_by_autodiscovery()
    {
        await using var server = await FeedServer.StartAsync();
        // The home page names its feeds by absolute example.net URLs; serve it where those would resolve relative to.
        var home = System.Text.Encoding.UTF8.GetString(Fixtures.Feed("wilcox-home.html"))
            .Replace("https://wilcox.example.net/tag/big-society/feed/", "/tag/big-society/feed/", StringComparison.Ordinal);
        server.Serve("/", System.Text.Encoding.UTF8.GetBytes(home), "text/html; charset=utf-8");
        server.Serve("/tag/big-society/feed/", Fixtures.Feed("wilcox-tag-big-society.rss.xml"), "application/rss+xml");
        server.Serve("/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        await using var site = await SiteUnderTest.StartAsync();

        using var response = await site.Http.PostAsJsonAsync("api/contributors", new { name = "Social Reporter", url = server.BaseUrl.AbsoluteUri });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(server.UrlOf("/tag/big-society/feed/").AbsoluteUri, json.GetProperty("feedUrl").GetString());
        Assert.Equal("all-posts", json.GetProperty("mode").GetString());
        Assert.Equal("pending", json.GetProperty("status").GetString());
        Assert.Equal(2, json.GetProperty("postsMatching").GetInt32());
        Assert.DoesNotContain(json.GetProperty("alternatives").EnumerateArray(), a => a.GetString()!.Contains("comments", StringComparison.Ordinal));

        using var again = await site.Http.PostAsJsonAsync("api/contributors", new { name = "Again", url = server.UrlOf("/tag/big-society/feed/").AbsoluteUri });
        // Registered already: a conflict that names nobody (not who registered it, nor how that went).
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var refusal = await again.Content.ReadAsStringAsync();
        Assert.Contains("registered here already", refusal);
        Assert.DoesNotContain("Social", refusal);
        Assert.DoesNotContain("pending", refusal);
    }

    [Fact]
    public async Task The_registration_form_registers_and_says_how_many_posts_match()
    {
        await using var server = await FeedServer.StartAsync();
        server.Serve("/feed/", Fixtures.Feed("rich-wordpress.rss.xml"), "application/rss+xml");
        await using var site = await SiteUnderTest.StartAsync();

        var form = await site.Http.GetStringAsync("register");
        Assert.Contains("<form method=\"post\" action=\"/register\">", form);

        using var response = await site.Http.PostAsync("register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "Rich",
            ["url"] = server.UrlOf("/feed/").AbsoluteUri,
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("waiting for approval", html);
        Assert.Contains("Right now that is 1 post of the 3 posts in your feed.", html);
        Assert.Matches("http://127\\.0\\.0\\.1:\\d+/leave/[0-9a-f]{12}/[A-Za-z0-9_-]{32}", html);

        using var bad = await site.Http.PostAsync("register", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Rich", ["url"] = "mailto:rich@example.org" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("must start with http", await bad.Content.ReadAsStringAsync());
    }
}

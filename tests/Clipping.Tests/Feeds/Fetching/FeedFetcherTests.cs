using System.Text;
using Clipping.Feeds.Fetching;
using Clipping.Tests.TestSupport;

namespace Clipping.Tests.Feeds.Fetching;

public sealed class FeedFetcherTests : IAsyncLifetime
{
    private static readonly byte[] Feed = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>t</title></channel></rss>");
    private FeedServer _server = default!;

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static FeedFetcher Fetcher(FetchOptions? options = null, TestHosts? hosts = null)
    {
        options ??= new FetchOptions { AllowPrivateNetworks = true, AllowAnyPort = true };
        return new FeedFetcher(FeedHttpClient.Create(options, hosts ?? new TestHosts()), options);
    }

    [Fact]
    public async Task A_feed_arrives_with_its_validators_and_a_conditional_get_is_answered_304()
    {
        _server.Serve("/feed", Feed, "application/rss+xml");
        var fetcher = Fetcher();
        var first = await fetcher.FetchAsync(_server.UrlOf("/feed"), null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Fetched, first.Status);
        Assert.Equal(Feed, first.Body);
        Assert.NotNull(first.ETag);

        var second = await fetcher.FetchAsync(_server.UrlOf("/feed"), first.ETag, first.LastModified, CancellationToken.None);
        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Equal(first.ETag, second.ETag);
    }

    [Theory]
    [InlineData(0, "declared")]
    [InlineData(10, "declared")]
    [InlineData(300_000, "declared")]
    [InlineData(3_000_000, "declared")]
    [InlineData(300_000, "chunked")]
    [InlineData(300_000, "gzip")]
    public async Task A_body_arrives_whole_whether_its_length_is_declared_chunked_or_compressed(int size, string framing)
    {
        // Past the length taken on trust (1 MB) too, and with text that compresses, as feeds do.
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, size / 10 + 1).Select(i => $"{i % 100000:D9}\n")))[..size];
        _server.Serve("/sized", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            if (framing == "gzip")
            {
                context.Response.Headers.ContentEncoding = "gzip";
                await using var gzip = new System.IO.Compression.GZipStream(context.Response.Body, System.IO.Compression.CompressionLevel.Fastest);
                await gzip.WriteAsync(body);
                return;
            }
            if (framing == "declared") context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });

        var fetched = await Fetcher().FetchAsync(_server.UrlOf("/sized"), null, null, CancellationToken.None);

        Assert.Equal(FetchStatus.Fetched, fetched.Status);
        Assert.Equal(body, fetched.Body);
    }

    [Theory]
    [InlineData("", "The connection to 127.0.0.1 broke before the feed arrived")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 4096\r\n\r\n<rss version=\"2.0\">", "The connection to 127.0.0.1 broke while reading")]
    public async Task A_server_that_hangs_up_early_fails_with_a_clear_error(string sentBeforeHangingUp, string expected)
    {
        // A raw socket, so that exactly these bytes and then the close are what the client sees.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        // Every connection is treated alike: the client may retry a request whose connection closed before any answer.
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                try
                {
                    var stream = client.GetStream();
                    var request = new byte[4096];
                    var read = 0;
                    int got;
                    while (!Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n") && (got = await stream.ReadAsync(request.AsMemory(read), stop.Token)) > 0) read += got;
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(sentBeforeHangingUp), stop.Token);
                    await stream.FlushAsync(stop.Token);
                }
                catch (IOException)
                {
                    // The client gave up on this connection first: what it saw is what the test checks.
                }
            }
        });
        var url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/feed");

        var fetched = await Fetcher().FetchAsync(url, null, null, CancellationToken.None);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);

        Assert.Equal(FetchStatus.Failed, fetched.Status);
        Assert.StartsWith(expected, fetched.Error);
    }

    [Fact]
    public async Task A_permanent_redirect_is_followed_and_remembered_a_temporary_one_only_followed()
    {
        _server.Serve("/new", Feed, "application/rss+xml");
        _server.Serve("/old", context => { context.Response.StatusCode = 301; context.Response.Headers.Location = "/new"; return Task.CompletedTask; });
        _server.Serve("/temp", context => { context.Response.StatusCode = 302; context.Response.Headers.Location = "/new"; return Task.CompletedTask; });
        var fetcher = Fetcher();

        var moved = await fetcher.FetchAsync(_server.UrlOf("/old"), null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Fetched, moved.Status);
        Assert.Equal(_server.UrlOf("/new"), moved.MovedPermanentlyTo);

        var temporary = await fetcher.FetchAsync(_server.UrlOf("/temp"), null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Fetched, temporary.Status);
        Assert.Null(temporary.MovedPermanentlyTo);
    }

    [Fact]
    public async Task A_redirect_loop_ends_with_a_clear_error()
    {
        _server.Serve("/loop", context => { context.Response.StatusCode = 302; context.Response.Headers.Location = "/loop"; return Task.CompletedTask; });
        var result = await Fetcher().FetchAsync(_server.UrlOf("/loop"), null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("Too many redirects", result.Error);
    }

    [Fact]
    public async Task A_response_larger_than_the_limit_is_cut_off_while_reading()
    {
        _server.Serve("/big", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 64 && !context.RequestAborted.IsCancellationRequested; i++) await context.Response.Body.WriteAsync(chunk);
        });
        var options = new FetchOptions { AllowPrivateNetworks = true, AllowAnyPort = true, MaxBytes = 256 * 1024 };
        var result = await Fetcher(options).FetchAsync(_server.UrlOf("/big"), null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("larger than", result.Error);
    }

    [Fact]
    public async Task A_slow_server_times_out()
    {
        _server.Serve("/slow", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(Feed.AsMemory(0, 10));
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        });
        var options = new FetchOptions { AllowPrivateNetworks = true, AllowAnyPort = true, Timeout = TimeSpan.FromMilliseconds(500) };
        var result = await Fetcher(options).FetchAsync(_server.UrlOf("/slow"), null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("did not send the whole feed", result.Error);
    }

    [Fact]
    public async Task Errors_say_what_happened()
    {
        _server.Serve("/unavailable", context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "120";
            return Task.CompletedTask;
        });
        _server.Serve("/gone", context => { context.Response.StatusCode = 410; return Task.CompletedTask; });
        var fetcher = Fetcher();

        var unavailable = await fetcher.FetchAsync(_server.UrlOf("/unavailable"), null, null, CancellationToken.None);
        Assert.Contains("503", unavailable.Error);
        Assert.Equal(TimeSpan.FromSeconds(120), unavailable.RetryAfter);
        Assert.Equal(FetchStatus.Gone, (await fetcher.FetchAsync(_server.UrlOf("/gone"), null, null, CancellationToken.None)).Status);
        Assert.Contains("404", (await fetcher.FetchAsync(_server.UrlOf("/missing"), null, null, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task An_internal_address_is_refused_where_the_connection_is_made()
    {
        _server.Serve("/feed", Feed, "application/rss+xml");
        // A name passes the URL check; only once resolved is it known to be loopback, and the connect step refuses it.
        var options = new FetchOptions { AllowedPorts = [_server.BaseUrl.Port] };
        var url = new UriBuilder(_server.UrlOf("/feed")) { Host = "localhost" }.Uri;
        var result = await Fetcher(options).FetchAsync(url, null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("private or local network", result.Error);
        Assert.Empty(_server.StatusesFor("/feed"));
    }

    [Fact]
    public async Task A_redirect_to_a_cloud_metadata_service_is_refused_even_where_private_networks_are_allowed()
    {
        _server.Serve("/sneaky", context => { context.Response.StatusCode = 302; context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/"; return Task.CompletedTask; });
        var result = await Fetcher().FetchAsync(_server.UrlOf("/sneaky"), null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("cloud platform service", result.Error);
        Assert.Contains("metadata", NetworkGuard.CheckUrl(new Uri("http://metadata.google.internal/computeMetadata/v1/"), new FetchOptions { AllowPrivateNetworks = true }));
        Assert.Contains("metadata", NetworkGuard.CheckUrl(new Uri("http://[fd00:ec2::254]/"), new FetchOptions { AllowPrivateNetworks = true }));
    }

    [Fact]
    public async Task A_host_name_is_looked_up_by_the_connect_step_and_sent_as_the_host()
    {
        string? hostHeader = null;
        _server.Serve("/named", async context =>
        {
            hostHeader = context.Request.Host.Value;
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(Feed);
        });
        var hosts = new TestHosts().Add("blog.test", System.Net.IPAddress.Loopback);
        var url = new UriBuilder(_server.UrlOf("/named")) { Host = "blog.test" }.Uri;

        var result = await Fetcher(hosts: hosts).FetchAsync(url, null, null, CancellationToken.None);

        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Equal($"blog.test:{_server.BaseUrl.Port}", hostHeader);
        Assert.Equal(["blog.test"], hosts.Asked);
    }

    [Fact]
    public async Task A_name_that_rebinds_to_an_internal_address_is_refused_at_connect_time()
    {
        _server.Serve("/feed", Feed, "application/rss+xml");
        // The name first answers with an address the fetcher may use, then, as a rebinding server would, with one it may
        // never use (a cloud metadata service).
        var hosts = new TestHosts().AddChanging("rebind.test", [System.Net.IPAddress.Loopback], [System.Net.IPAddress.Parse("169.254.169.254")]);
        var options = new FetchOptions { AllowPrivateNetworks = true, AllowAnyPort = true, MaxConcurrencyPerHost = 1 };
        var url = new UriBuilder(_server.UrlOf("/feed")) { Host = "rebind.test" }.Uri;
        using var http = FeedHttpClient.Create(options, hosts);
        var fetcher = new FeedFetcher(http, options);

        Assert.Equal(FetchStatus.Fetched, (await fetcher.FetchAsync(url, null, null, CancellationToken.None)).Status);
        // A new connection (the pooled one closed) looks the name up again, and the guard sees the new answer.
        _server.Serve("/feed", async context =>
        {
            context.Response.Headers.Connection = "close";
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(Feed);
        });
        await fetcher.FetchAsync(url, null, null, CancellationToken.None);
        var refused = await fetcher.FetchAsync(url, null, null, CancellationToken.None);

        Assert.Equal(FetchStatus.Failed, refused.Status);
        Assert.Contains("rebind.test resolves to 169.254.169.254", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_another_host_name_is_looked_up_and_checked_like_the_first()
    {
        _server.Serve("/moved", context =>
        {
            context.Response.StatusCode = 301;
            context.Response.Headers.Location = new UriBuilder(_server.UrlOf("/feed")) { Host = "new-home.test" }.Uri.AbsoluteUri;
            return Task.CompletedTask;
        });
        _server.Serve("/feed", Feed, "application/rss+xml");
        var hosts = new TestHosts().Add("old-home.test", System.Net.IPAddress.Loopback).Add("new-home.test", System.Net.IPAddress.Loopback);
        var url = new UriBuilder(_server.UrlOf("/moved")) { Host = "old-home.test" }.Uri;

        var moved = await Fetcher(hosts: hosts).FetchAsync(url, null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Fetched, moved.Status);
        Assert.Equal("new-home.test", moved.MovedPermanentlyTo?.Host);
        Assert.Equal(["old-home.test", "new-home.test"], hosts.Asked);

        // The same redirect to a name that points at a cloud platform service is refused at that hop.
        var inside = new TestHosts().Add("old-home.test", System.Net.IPAddress.Loopback).Add("new-home.test", System.Net.IPAddress.Parse("169.254.169.254"));
        var refused = await Fetcher(hosts: inside).FetchAsync(url, null, null, CancellationToken.None);
        Assert.Equal(FetchStatus.Failed, refused.Status);
        Assert.Contains("new-home.test resolves to 169.254.169.254, a cloud platform service", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_no_test_gave_are_not_found_without_asking_the_machine_s_DNS()
    {
        var hosts = new TestHosts();
        var result = await Fetcher(hosts: hosts).FetchAsync(new Uri("http://myblog.example.com/feed"), null, null, CancellationToken.None);
        Assert.Equal(["myblog.example.com"], hosts.Asked);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Contains("myblog.example.com could not be found", result.Error, StringComparison.Ordinal);
    }
}

namespace Clipping.Host.Demo;

/// <summary>The bundled sample blogs: three feeds in three formats, served from loopback so the demo needs no internet.</summary>
internal static class DemoBlogs
{
    public sealed record Blog(string Name, string File, string ContentType);

    public static readonly IReadOnlyList<Blog> All =
    [
        new("Hilltop Community Trust", "hilltop-trust.rss.xml", "application/rss+xml; charset=utf-8"),
        new("Notes from the Town Hall", "townhall-notes.atom.xml", "application/atom+xml; charset=utf-8"),
        new("Sam's link log", "linklog.rdf", "application/rdf+xml; charset=utf-8"),
    ];

    public static Stream Open(Blog blog) =>
        typeof(DemoBlogs).Assembly.GetManifestResourceStream($"Clipping.Host.Demo.feeds.{blog.File}")
        ?? throw new InvalidOperationException($"The demo feed {blog.File} is missing from the build.");

    /// <summary>Starts a loopback server for the sample feeds; dispose it to stop.</summary>
    public static async Task<WebApplication> ServeAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        foreach (var blog in All)
        {
            app.MapGet($"/{blog.File}", () => Results.Stream(Open(blog), blog.ContentType));
        }
        await app.StartAsync(cancellationToken);
        return app;
    }
}

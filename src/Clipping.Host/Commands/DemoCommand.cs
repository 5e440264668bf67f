using System.CommandLine;
using Clipping.Contributors;
using Clipping.Host.Demo;
using Clipping.Refresh;
using Clipping.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Clipping.Host.Commands;

/// <summary>
/// <c>clipping demo</c>: serves the bundled sample blogs from loopback, registers and approves them in a scratch data
/// folder, refreshes, and serves the populated page: the product with no internet and no contributors yet.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Serve a populated demo site built from bundled sample blogs (no internet needed).") { ServeCommand.Urls };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(ServeCommand.Urls), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? urls, CancellationToken cancellationToken)
    {
        await using var blogs = await DemoBlogs.ServeAsync(cancellationToken);
        var blogsUrl = blogs.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"clipping-demo-{Environment.ProcessId}");
        try
        {
            var app = SiteHost.Build(urls is null ? [] : ["--urls", urls], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Clipping:DataDirectory"] = dataDirectory,
                // The sample blogs live on this machine's loopback interface, which is refused by default.
                ["Clipping:Fetch:AllowPrivateNetworks"] = "true",
                ["Clipping:Fetch:AllowAnyPort"] = "true",
                ["Clipping:Refresh:RunOnStartup"] = "false",
            }));
            await app.InitializeAsync(cancellationToken);
            var registration = app.Services.GetRequiredService<Registration>();
            foreach (var blog in DemoBlogs.All)
            {
                await registration.RegisterAsync(new RegistrationRequest(blog.Name, $"{blogsUrl}/{blog.File}"), approve: true, cancellationToken);
            }
            var report = await app.Services.GetRequiredService<RefreshCoordinator>().TryRunAsync(cancellationToken);
            Console.WriteLine($"Demo: {report}");
            await app.RunAsync(cancellationToken);
            return 0;
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}

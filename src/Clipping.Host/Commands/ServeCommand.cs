using System.CommandLine;

namespace Clipping.Host.Commands;

/// <summary><c>clipping serve [--urls URL]</c>: the site and its scheduled refresh.</summary>
internal static class ServeCommand
{
    public static readonly Option<string?> Urls = new("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (default http://localhost:5000)" };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the clipping page and feeds, refreshing on the schedule (the default command).") { Urls };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(Urls), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? urls, CancellationToken cancellationToken)
    {
        var app = SiteHost.Build(urls is null ? [] : ["--urls", urls]);
        await app.InitializeAsync(cancellationToken);
        try
        {
            await app.RunAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new InvalidOperationException($"{e.Message.Replace("Failed to bind to address ", "", StringComparison.Ordinal).TrimEnd('.')}: " +
                "another program is listening there. Stop it, or choose another address with --urls http://localhost:8080.", e);
        }
        catch (FormatException e) when (e.Message.StartsWith("Invalid url", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{e.Message}: --urls takes addresses to listen on, such as http://localhost:8080 or http://0.0.0.0:80.", e);
        }
        return 0;
    }
}

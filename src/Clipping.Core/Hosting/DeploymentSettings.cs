using Microsoft.Extensions.Configuration;

namespace Clipping.Hosting;

/// <summary>
/// The settings the Azure Functions app needs in production, in app-setting form. The app checks them at start-up,
/// and a test checks that infra/main.bicep sets each of them and sets nothing the app does not read.
/// </summary>
public static class DeploymentSettings
{
    public static IReadOnlyList<string> Required { get; } =
    [
        // The Functions host's own storage, through the app's managed identity.
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        // The clipping page lives at the root, where the host would otherwise show its own landing page.
        "AzureWebJobsDisableHomepage",
        // Application Insights, through the same identity.
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        // Clipping's own.
        "Clipping__Storage__TableEndpoint",
        "Clipping__Storage__TablePrefix",
        "Clipping__Site__Title",
        "Clipping__Site__BaseUrl",
        "Clipping__Topics__0__Name",
        "Clipping__Refresh__Schedule",
        "Clipping__Refresh__Queue",
        // The digest queue trigger's queue: the host resolves it to index the trigger, whether email is on or not.
        "Clipping__Email__Queue",
        // The backup timer's schedule: the host resolves it to index the timer, so it cannot default in the app.
        "Clipping__Backup__Schedule",
        "Clipping__Admin__Key",
    ];

    /// <summary>Settings the template may set besides the required ones: the topic's aliases, and the runtime on plans that need it.</summary>
    public static IReadOnlyList<string> OptionalPatterns { get; } =
    [
        "Clipping__Topics__0__Aliases__*",
        "Clipping__Backup__Container",
        "Clipping__Email__Smtp__Host",
        "Clipping__Email__Smtp__Port",
        "Clipping__Email__Smtp__Security",
        "Clipping__Email__Smtp__Username",
        "Clipping__Email__Smtp__Password",
        "Clipping__Email__From",
        "Clipping__Email__Schedule",
        "Clipping__Backup__Keep",
        "FUNCTIONS_EXTENSION_VERSION",
        "FUNCTIONS_WORKER_RUNTIME",
    ];

    /// <summary>Throws, naming every missing setting, when configuration lacks any required one.</summary>
    public static void Check(IConfiguration configuration)
    {
        var missing = Required.Where(name => string.IsNullOrWhiteSpace(configuration[name.Replace("__", ":", StringComparison.Ordinal)])).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Missing app settings: {string.Join(", ", missing)}. infra/main.bicep sets them all; see docs/deploy.md.");
        }
    }
}

using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Clipping.Contributors;
using Clipping.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Endpoints;

/// <summary>
/// Each registration makes the server fetch an address a stranger chose, so each client address gets a few per window
/// (ASP.NET Core's rate limiter), and a refusal is a friendly 429 with Retry-After. Behind proxies the client address
/// is the one they put in X-Forwarded-For (<see cref="SiteOptions.ForwardedHops"/>); otherwise the header is ignored,
/// since anyone can send it.
/// </summary>
public static class RegistrationLimits
{
    public const string Policy = "registration";

    /// <summary>The email form's limit: the same allowance per client as registering, counted apart.</summary>
    public const string SubscribePolicy = "subscribe";

    public static IServiceCollection AddRegistrationLimits(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        // Each policy counts apart: registering does not use up a client's subscriptions, nor the other way round.
        limiter.AddPolicy(Policy, PerClient);
        limiter.AddPolicy(SubscribePolicy, PerClient);
        limiter.OnRejected = (rejected, cancellationToken) =>
        {
            var signingIn = rejected.HttpContext.Request.Path == SiteRoutes.ManageSignIn;
            var subscribing = rejected.HttpContext.Request.Path == SiteRoutes.Subscribe;
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? retryAfter
                : signingIn ? TimeSpan.FromMinutes(15) : rejected.HttpContext.RequestServices.GetRequiredService<RegistrationOptions>().Window;
            return new ValueTask(TooManyAsync(rejected.HttpContext,
                signingIn ? $"Too many sign-in attempts from your address; please wait {Describe(wait)} before trying again."
                : subscribing ? $"You have asked for several email subscriptions in a short time; please wait {Describe(wait)} before asking for another."
                : $"You have registered several blogs in a short time; please wait {Describe(wait)} before registering another.", wait));
        };
    });

    private static RateLimitPartition<string> PerClient(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<RegistrationOptions>();
        return RateLimitPartition.GetFixedWindowLimiter(ClientKey(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.MaxPerClient),
            Window = options.Window,
            QueueLimit = 0,
        });
    }

    /// <summary>The client's address from X-Forwarded-For, as many entries from the right as the site has proxies in front.</summary>
    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app)
    {
        var hops = app.ApplicationServices.GetRequiredService<ClippingOptions>().Site.ForwardedHops;
        if (hops <= 0) return app;
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = hops };
        // The operator has said how many proxies there are; their addresses (Azure's front ends among them) are not known
        // in advance, so every one of those hops is trusted, and none beyond them.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        return app.UseForwardedHeaders(forwarded);
    }

    /// <summary>A 429 that says why and when to come back: an HTML page for the form, JSON for the API.</summary>
    public static async Task TooManyAsync(HttpContext context, string message, TimeSpan wait)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (context.Request.Path == SiteRoutes.Subscribe)
        {
            context.Response.Headers.CacheControl = "no-store";
            await (await EmailEndpoints.ProblemPageAsync(context, message, StatusCodes.Status429TooManyRequests)).ExecuteAsync(context);
        }
        else if (context.Request.Path == SiteRoutes.Register || context.Request.Path == SiteRoutes.ManageSignIn)
        {
            await (await RegistrationEndpoints.ErrorPageAsync(context, message, StatusCodes.Status429TooManyRequests)).ExecuteAsync(context);
        }
        else
        {
            await context.Response.WriteAsJsonAsync(new ApiError(message), ApiJson.Default.ApiError, cancellationToken: context.RequestAborted);
        }
    }

    private static string Describe(TimeSpan wait) => wait.TotalMinutes >= 2
        ? $"{Math.Ceiling(wait.TotalMinutes):0} minutes"
        : $"{Math.Max(1, Math.Ceiling(wait.TotalSeconds)):0} seconds";

    // One client often holds a whole IPv6 /64; counting per address there would give it millions of allowances.
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Clipping.Contributors;
using Clipping.Publishing;
using Clipping.Refresh;
using Clipping.Storage;
using Clipping.Web.Endpoints;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Clipping.Web.Manage;

/// <summary>
/// Moderation in a browser at <c>/manage</c>: a sign-in form for the admin key, then every feed by state (pending,
/// failing, approved, removed or rejected) with approve, reject, remove and "refresh this feed now". Actions are
/// plain forms (POST, then a redirect back), so it works with JavaScript off. New registrations reach the operator
/// through a private Atom feed whose address only the signed-in page shows. Not mapped without an admin key.
/// </summary>
public static class ManageEndpoints
{
    public const string SignInPolicy = "operator-sign-in";
    private const string Html = "text/html; charset=utf-8";

    private static readonly string[] Actions = ["approve", "reject", "remove", "refresh"];

    public static IServiceCollection AddOperatorPages(this IServiceCollection services)
    {
        services.AddOperatorSession();
        // Guessing the key through the form is slowed to ten tries per client address per quarter of an hour.
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(SignInPolicy, context =>
            RateLimitPartition.GetFixedWindowLimiter(RegistrationLimits.ClientKey(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = 10,
                Window = TimeSpan.FromMinutes(15),
                QueueLimit = 0,
            })));
        return services;
    }

    public static IEndpointRouteBuilder MapOperatorPages(this IEndpointRouteBuilder app)
    {
        if (string.IsNullOrEmpty(AdminKey(app.ServiceProvider))) return app;
        app.MapGet(SiteRoutes.Manage, (Delegate)ShowAsync);
        app.MapPost(SiteRoutes.Manage, (Delegate)ActAsync);
        app.MapPost(SiteRoutes.ManageSignIn, (Delegate)SignInAsync).RequireRateLimiting(SignInPolicy);
        app.MapPost(SiteRoutes.ManageSignOut, (Delegate)SignOutAsync);
        app.MapGet("/" + RouteTemplates.ManagePendingFeed, (Delegate)PendingFeedAsync);
        return app;
    }

    private static string AdminKey(IServiceProvider services) => services.GetRequiredService<IOptions<ClippingOptions>>().Value.Admin.Key ?? "";

    private static async Task<IResult> ShowAsync(HttpContext context)
    {
        var key = AdminKey(context.RequestServices);
        if (key.Length == 0) return Results.NotFound();
        if (!await OperatorSession.IsSignedInAsync(context, key)) return await SignInPageAsync(context, null, StatusCodes.Status200OK);

        var store = context.RequestServices.GetRequiredService<IClippingStore>();
        var contributors = await store.GetContributorsAsync(context.RequestAborted);
        var site = context.RequestServices.GetRequiredService<SiteContext>();
        var frame = site.FrameFor(context.Request, site.Topics.Default);
        var pendingFeed = new Uri(frame.Site.BaseUrl, $"manage/pending/{OperatorSession.PendingFeedToken(key)}").AbsoluteUri;
        var message = DoneMessage(context.Request.Query["done"].ToString(), context.Request.Query["id"].ToString(), contributors);
        var lastBackup = await Storage.Backups.BackupLog.LastAsync(store, context.RequestAborted);
        var email = context.RequestServices.GetRequiredService<Clipping.Email.EmailOptions>().Enabled
            ? await context.RequestServices.GetRequiredService<Clipping.Email.IMailingList>().GetSubscribersAsync(null, context.RequestAborted)
            : null;
        var model = new ManageModel(frame, contributors, OperatorSession.FormToken(context), pendingFeed, message, lastBackup) { Subscribers = email };
        return await PageAsync<ManagePage>(context, model, StatusCodes.Status200OK);
    }

    private static async Task<IResult> ActAsync(HttpContext context)
    {
        var key = AdminKey(context.RequestServices);
        if (key.Length == 0) return Results.NotFound();
        if (!await OperatorSession.IsSignedInAsync(context, key)) return await SignInPageAsync(context, "Sign in to moderate: your session has ended.", StatusCodes.Status401Unauthorized);
        if (!context.Request.HasFormContentType || !await OperatorSession.IsFormValidAsync(context))
        {
            return await ErrorPageAsync(context, "This form has expired or did not come from this site: reload the page and try again.", StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var action = form["action"].ToString();
        var id = form["id"].ToString();
        if (!Actions.Contains(action) || id.Length == 0)
        {
            return await ErrorPageAsync(context, $"Choose one of {string.Join(", ", Actions)} for a contributor.", StatusCodes.Status400BadRequest);
        }

        var services = context.RequestServices;
        var moderation = services.GetRequiredService<Moderation>();
        try
        {
            var contributor = action switch
            {
                "approve" => await moderation.ApproveAsync(id, context.RequestAborted),
                "reject" => await moderation.RejectAsync(id, context.RequestAborted),
                "remove" => await moderation.RemoveAsync(id, context.RequestAborted),
                _ => await moderation.FindAsync(id, context.RequestAborted),
            };
            if (action == "refresh") await services.GetRequiredService<RefreshRunner>().RunOneAsync(contributor, context.RequestAborted);
            services.GetRequiredService<RenderCache>().Invalidate();
            // Post, then redirect: reloading the page afterwards does not do it again.
            return Results.Redirect($"{SiteRoutes.Manage}?done={action}&id={Uri.EscapeDataString(contributor.Id)}", permanent: false, preserveMethod: false);
        }
        catch (KeyNotFoundException e)
        {
            return await ErrorPageAsync(context, e.Message, StatusCodes.Status404NotFound);
        }
    }

    private static async Task<IResult> SignInAsync(HttpContext context)
    {
        var key = AdminKey(context.RequestServices);
        if (key.Length == 0) return Results.NotFound();
        if (!context.Request.HasFormContentType || !await OperatorSession.IsFormValidAsync(context))
        {
            return await SignInPageAsync(context, "The sign-in form had expired: try again.", StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!AdminEndpoints.KeysMatch(key, form["key"].ToString()))
        {
            return await SignInPageAsync(context, "That is not the admin key. It is the value of Clipping__Admin__Key.", StatusCodes.Status401Unauthorized);
        }
        await OperatorSession.SignInAsync(context, key);
        return Results.Redirect(SiteRoutes.Manage, permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        var key = AdminKey(context.RequestServices);
        if (key.Length == 0) return Results.NotFound();
        if (await OperatorSession.IsSignedInAsync(context, key) && (!context.Request.HasFormContentType || !await OperatorSession.IsFormValidAsync(context)))
        {
            return await ErrorPageAsync(context, "This form has expired or did not come from this site: reload the page and try again.", StatusCodes.Status400BadRequest);
        }
        await OperatorSession.SignOutAsync(context);
        return Results.Redirect(SiteRoutes.Manage, permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> PendingFeedAsync(HttpContext context, string token)
    {
        var key = AdminKey(context.RequestServices);
        var expected = key.Length == 0 ? "" : OperatorSession.PendingFeedToken(key);
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(token)))
        {
            return await NotFoundPages.ResultAsync(context, $"There is nothing at {SiteRoutes.Manage}/pending/… on this site.");
        }
        var site = context.RequestServices.GetRequiredService<SiteContext>().SiteFor(context.Request);
        var pending = (await context.RequestServices.GetRequiredService<IClippingStore>().GetContributorsAsync(context.RequestAborted))
            .Where(c => c.Status == ContributorStatus.Pending)
            .OrderByDescending(c => c.RegisteredAt)
            .ToList();
        using var output = new MemoryStream();
        PendingFeedWriter.Write(output, site, new Uri(site.BaseUrl, context.Request.Path.Value!.TrimStart('/')), pending);
        context.Response.Headers.CacheControl = "private, no-cache";
        return Results.Bytes(output.ToArray(), AtomFeedWriter.ContentType);
    }

    private static string? DoneMessage(string action, string id, IReadOnlyList<Contributor> contributors)
    {
        if (contributors.FirstOrDefault(c => c.Id == id) is not { } contributor) return null;
        return action switch
        {
            "approve" => $"Approved {contributor.Name}: their tagged posts appear from the next refresh.",
            "reject" => $"Rejected {contributor.Name}.",
            "remove" => $"Removed {contributor.Name}: their feed is no longer read; what was clipped stays.",
            "refresh" => contributor.State.LastError is { } error
                ? $"Refreshed {contributor.Name}: it failed: {error}"
                : $"Refreshed {contributor.Name}: it worked.",
            _ => null,
        };
    }

    private static Task<IResult> SignInPageAsync(HttpContext context, string? error, int status)
    {
        var site = context.RequestServices.GetRequiredService<SiteContext>();
        var model = new SignInModel(site.FrameFor(context.Request, site.Topics.Default), OperatorSession.FormToken(context), error);
        return PageAsync<SignInPage>(context, model, status);
    }

    private static Task<IResult> ErrorPageAsync(HttpContext context, string message, int status)
    {
        var site = context.RequestServices.GetRequiredService<SiteContext>();
        return PageAsync<ManageErrorPage>(context, new NotFoundModel(site.FrameFor(context.Request, site.Topics.Default), message), status);
    }

    private static async Task<IResult> PageAsync<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.All)] TPage>(HttpContext context, object model, int status) where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var html = await context.RequestServices.GetRequiredService<PageRenderer>().RenderAsync<TPage>(model);
        // Pages with a session's forms on them are never kept by a cache.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = status;
        return Results.Bytes(html, Html);
    }
}

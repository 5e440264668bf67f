using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Clipping.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Web.Manage;

/// <summary>
/// The operator's session in a browser: they sign in once with the admin key and get a cookie (ASP.NET Core cookie
/// authentication: HttpOnly, SameSite=Strict, Secure over HTTPS, for /manage only, eight hours); every form carries an
/// antiforgery token (ASP.NET Core antiforgery). Both are signed by data protection keys kept in the store. The cookie
/// names the admin key it was issued under (a hash), so changing the key signs everyone out.
/// </summary>
public static class OperatorSession
{
    public const string Scheme = "operator";
    private const string KeyClaim = "admin-key";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddOperatorSession(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Clipping");
        services.AddOptions<KeyManagementOptions>().Configure<IClippingStore>((options, store) => options.XmlRepository = new StoreKeyRepository(store));
        services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "clipping-operator";
            cookie.Cookie.Path = "/" + Publishing.RouteTemplates.Manage;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = Lifetime;
            cookie.SlidingExpiration = true;
            // The endpoints answer for themselves (a sign-in form, a 401); the handler never redirects.
            cookie.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            cookie.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        // Behind a proxy that ends TLS the request looks like http: when the site's address is https, the cookies are
        // marked Secure regardless.
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<ClippingOptions>((cookie, options) =>
        {
            if (SiteIsHttps(options)) cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        services.AddOptions<AntiforgeryOptions>().Configure<ClippingOptions>((antiforgery, options) =>
        {
            if (SiteIsHttps(options)) antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "clipping-antiforgery";
            antiforgery.Cookie.Path = "/" + Publishing.RouteTemplates.Manage;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.FormFieldName = FormField;
        });
        return services;
    }

    private static bool SiteIsHttps(ClippingOptions options) =>
        Uri.TryCreate(options.Site.BaseUrl, UriKind.Absolute, out var site) && site.Scheme == Uri.UriSchemeHttps;

    /// <summary>The hidden field every operator form carries its antiforgery token in.</summary>
    public const string FormField = "__RequestVerificationToken";

    /// <summary>Whether the request comes from a signed-in operator; sets the request's user when it does.</summary>
    public static async Task<bool> IsSignedInAsync(HttpContext context, string adminKey)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal.FindFirst(KeyClaim)?.Value != KeyStamp(adminKey)) return false;
        context.User = result.Principal;
        return true;
    }

    public static Task SignInAsync(HttpContext context, string adminKey)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(KeyClaim, KeyStamp(adminKey))], Scheme);
        context.User = new ClaimsPrincipal(identity);
        return context.SignInAsync(Scheme, context.User);
    }

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(Scheme);

    /// <summary>A fresh antiforgery token for the forms of the page being rendered (and its cookie, set on the response).</summary>
    public static string FormToken(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!;

    /// <summary>Whether a posted form carries a valid antiforgery token for this visitor.</summary>
    public static async Task<bool> IsFormValidAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType) return false;
        try
        {
            return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or AntiforgeryValidationException)
        {
            // A form that cannot be read (no multipart boundary, cut short, too large) is no valid form.
            return false;
        }
    }

    /// <summary>
    /// The secret part of the pending registrations feed's address: derived from the admin key, so it needs no storage
    /// and changes (revoking old subscriptions) when the key does.
    /// </summary>
    public static string PendingFeedToken(string adminKey) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(adminKey), "clipping pending registrations feed"u8)[..18])
            .Replace('+', '-').Replace('/', '_');

    private static string KeyStamp(string adminKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("clipping operator session " + adminKey))[..12]);
}

using Clipping.Publishing;
using Clipping.Topics;
using Clipping.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Clipping.Web.Endpoints;

/// <summary>The site as a request sees it: its configured description and the public base URL links are made absolute with.</summary>
public sealed class SiteContext(IOptions<ClippingOptions> options, SiteTopics topics, SiteTime time)
{
    public SiteTopics Topics => topics;

    public SiteTime Time => time;

    /// <summary>Whether links are made from the request's own Host (no <c>Site:BaseUrl</c>): a value each client chooses.</summary>
    public bool AddressFromRequest => string.IsNullOrWhiteSpace(options.Value.Site.BaseUrl);

    public SiteInfo SiteFor(HttpRequest request)
    {
        var site = options.Value.Site;
        var baseUrl = !string.IsNullOrWhiteSpace(site.BaseUrl)
            ? new Uri(site.BaseUrl.TrimEnd('/') + "/")
            : new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        return new SiteInfo(site.Title, site.Description, baseUrl);
    }

    public SiteFrame FrameFor(HttpRequest request, Topic current) => new(SiteFor(request), topics, current, time);

    /// <summary>The topic a request's address names (its {slug}), the default topic when it names none; null for no such topic.</summary>
    public Topic? TopicFor(HttpRequest request) =>
        request.RouteValues["slug"]?.ToString() is { } slug ? topics.Find(slug) : topics.Default;
}

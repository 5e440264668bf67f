using Clipping.Publishing;
using Clipping.Tests.TestSupport;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipping.Tests.Web;

/// <summary>The self-host serves exactly the route table both hosts share, with the same methods.</summary>
public sealed class RouteTableTests
{
    [Fact]
    public async Task The_self_host_serves_every_route_in_the_table_and_no_other()
    {
        await using var site = await SiteUnderTest.StartAsync();
        var served = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var table = SiteRoutes.All.SelectMany(r => r.Methods.Select(m => $"{m} {r.Template}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(table, served);
    }

    /// <summary>
    /// Route prefixes the Azure Functions host keeps for itself. It refuses to index a function whose route starts with
    /// "admin" or "runtime" (compared as text, so "administration/..." is refused too: "The specified route conflicts
    /// with one or more built in routes"), and answers its warm-up and specialisation calls before any function.
    /// </summary>
    private static readonly string[] ReservedByFunctionsHost =
        ["admin", "runtime", "api/warmup", "api/csharphttpwarmup", "api/specialize", "api/operations", "api/v1/"];

    [Fact]
    public void No_route_collides_with_a_prefix_the_Functions_host_reserves()
    {
        var collisions = SiteRoutes.All
            .SelectMany(r => ReservedByFunctionsHost.Where(p => r.Template.StartsWith(p, StringComparison.OrdinalIgnoreCase)).Select(p => $"{r.Template} (reserved: {p})"))
            .ToList();
        Assert.True(collisions.Count == 0, "Routes the Functions host would refuse or shadow: " + string.Join(", ", collisions));
    }

    [Fact]
    public async Task Admin_routes_are_exactly_those_behind_the_key()
    {
        await using var site = await SiteUnderTest.StartAsync();
        foreach (var route in SiteRoutes.All)
        {
            var path = "/" + Clipping.Tests.EndToEnd.FunctionsHostTests.SamplePath(route.Template);
            foreach (var method in route.Methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                using var response = await site.Http.SendAsync(request);
                // The operator's pages answer for themselves: a sign-in form, or a 401 page for an action without a session.
                var expected = route.Access == RouteAccess.AdminKey || (route.Access == RouteAccess.Operator && method == "POST" && route.Template == RouteTemplates.Manage);
                Assert.True(expected == (response.StatusCode == System.Net.HttpStatusCode.Unauthorized), $"{method} {path}: {(int)response.StatusCode}");
            }
        }
    }
}

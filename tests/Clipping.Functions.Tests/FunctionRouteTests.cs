using System.Reflection;
using Clipping.Functions;
using Clipping.Publishing;
using Microsoft.Azure.Functions.Worker;

namespace Clipping.Functions.Tests;

/// <summary>The Functions app exposes exactly the route table the self-host serves, moderation routes behind a function key.</summary>
public sealed class FunctionRouteTests
{
    private static IEnumerable<(string Name, HttpTriggerAttribute Trigger)> Triggers() =>
        typeof(SiteFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()!.Name, m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!));

    // The root is the one template the Functions host needs written its own way (see SiteFunctions.RootRoute).
    private static string TableTemplate(string? functionRoute) => functionRoute == SiteFunctions.RootRoute ? RouteTemplates.Page : functionRoute!;

    [Fact]
    public void Every_route_in_the_table_is_a_function_with_the_same_methods()
    {
        var functions = Triggers()
            .SelectMany(t => (t.Trigger.Methods ?? []).Select(m => $"{m.ToUpperInvariant()} {TableTemplate(t.Trigger.Route)}"))
            .Order(StringComparer.Ordinal);
        var table = SiteRoutes.All.SelectMany(r => r.Methods.Select(m => $"{m} {r.Template}")).Order(StringComparer.Ordinal);
        Assert.Equal(table, functions);
    }

    [Fact]
    public void Moderation_routes_need_a_function_key_and_public_ones_do_not()
    {
        var admin = SiteRoutes.All.Where(r => r.Access == RouteAccess.AdminKey).Select(r => r.Template).ToHashSet();
        foreach (var (name, trigger) in Triggers())
        {
            var expected = admin.Contains(TableTemplate(trigger.Route)) ? AuthorizationLevel.Function : AuthorizationLevel.Anonymous;
            Assert.True(trigger.AuthLevel == expected, $"{name}: {trigger.AuthLevel}, expected {expected}");
        }
    }

    [Fact]
    public void The_timer_reads_the_schedule_the_self_host_reads()
    {
        var trigger = typeof(RefreshFunction).GetMethod(nameof(RefreshFunction.Run))!.GetParameters()
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;
        Assert.Equal("%Clipping:Refresh:Schedule%", trigger.Schedule);
    }
}

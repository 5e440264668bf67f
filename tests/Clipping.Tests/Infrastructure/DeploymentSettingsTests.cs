using System.Reflection;
using System.Text.RegularExpressions;
using Clipping.Hosting;
using Clipping.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace Clipping.Tests.Infrastructure;

/// <summary>infra/main.bicep sets every setting the Functions app needs, and nothing the app does not read.</summary>
public sealed partial class DeploymentSettingsTests
{
    [GeneratedRegex(@"name: '([^']+)'")]
    private static partial Regex SettingName();

    private static List<string> TemplateSettings()
    {
        var bicep = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "infra", "main.bicep"));
        var start = bicep.IndexOf("var clippingSettings = [", StringComparison.Ordinal);
        var end = bicep.IndexOf("resource app ", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start, "infra/main.bicep no longer has the settings where this test looks for them");
        return [.. SettingName().Matches(bicep[start..end]).Select(m => m.Groups[1].Value.Replace("${i}", "*", StringComparison.Ordinal))];
    }

    [Fact]
    public void The_template_sets_every_setting_the_app_requires() =>
        Assert.Empty(DeploymentSettings.Required.Except(TemplateSettings()));

    [Fact]
    public void The_template_sets_nothing_the_app_does_not_read() =>
        Assert.Empty(TemplateSettings().Except(DeploymentSettings.Required).Except(DeploymentSettings.OptionalPatterns));

    [Fact]
    public void Every_clipping_setting_in_the_template_binds_to_an_option()
    {
        foreach (var setting in TemplateSettings().Where(s => s.StartsWith("Clipping__", StringComparison.Ordinal)))
        {
            var type = typeof(ClippingOptions);
            foreach (var part in setting.Split("__").Skip(1))
            {
                if (part is "*" || int.TryParse(part, out _))
                {
                    Assert.True(type.IsGenericType, $"{setting}: an index where {type.Name} is not a list");
                    type = type.GetGenericArguments()[0];
                    continue;
                }
                var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance);
                Assert.True(property is not null, $"{setting}: {type.Name} has no property {part}");
                type = property.PropertyType;
            }
        }
    }

    [Fact]
    public void Missing_settings_are_named_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            DeploymentSettings.Required.Where(s => s != "Clipping__Admin__Key").ToDictionary(s => s.Replace("__", ":", StringComparison.Ordinal), _ => (string?)"x")).Build();
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentSettings.Check(configuration));
        Assert.Contains("Clipping__Admin__Key", error.Message);
        Assert.DoesNotContain("Clipping__Site__Title", error.Message);
    }
}

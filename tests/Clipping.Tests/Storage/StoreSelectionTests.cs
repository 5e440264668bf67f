using Clipping.Storage.Sqlite;
using Clipping.Storage.Tables;
using Microsoft.Extensions.Configuration;

namespace Clipping.Tests.Storage;

public sealed class StoreSelectionTests
{
    private static object StoreFor(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = configuration.GetSection(ClippingOptions.Section).Get<ClippingOptions>() ?? new ClippingOptions();
        return ClippingServices.CreateStore(options, configuration);
    }

    [Fact]
    public void Nothing_configured_selects_the_embedded_sqlite_file_under_the_data_directory()
    {
        var store = Assert.IsType<SqliteClippingStore>(StoreFor(new() { ["Clipping:DataDirectory"] = "/tmp/somewhere" }));
        Assert.Equal("/tmp/somewhere/clipping.db", store.DatabasePath);
    }

    [Theory]
    [InlineData("Clipping:Storage:ConnectionString", "UseDevelopmentStorage=true")]
    [InlineData("AzureWebJobsStorage", "UseDevelopmentStorage=true")]
    [InlineData("Clipping:Storage:ConnectionString", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net")]
    public void A_connection_string_selects_table_storage(string setting, string value) =>
        Assert.IsType<TableClippingStore>(StoreFor(new() { [setting] = value }));

    [Theory]
    [InlineData("Clipping:Storage:TableEndpoint", "https://acct.table.core.windows.net")]
    [InlineData("AzureWebJobsStorage:accountName", "acct")]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "https://acct.table.core.windows.net")]
    public void A_table_endpoint_selects_table_storage_through_a_managed_identity(string setting, string value)
    {
        Assert.IsType<TableClippingStore>(StoreFor(new() { [setting] = value }));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();
        Assert.Equal("https://acct.table.core.windows.net/", ClippingServices.TableEndpoint(configuration.GetSection("Clipping").Get<ClippingOptions>() ?? new(), configuration)!.AbsoluteUri);
    }

    [Fact]
    public void A_table_endpoint_that_is_not_https_is_refused() =>
        Assert.Contains("https://", Assert.Throws<ArgumentException>(() => StoreFor(new() { ["Clipping:Storage:TableEndpoint"] = "http://acct.table.core.windows.net" })).Message);

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("with-dash")]
    public void A_table_prefix_that_is_not_a_table_name_is_refused_with_what_to_fix(string prefix) =>
        Assert.Contains("TablePrefix", Assert.Throws<ArgumentException>(() => StoreFor(new()
        {
            ["Clipping:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Clipping:Storage:TablePrefix"] = prefix,
        })).Message);
}

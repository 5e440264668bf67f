namespace Clipping.Storage.Tables;

/// <summary>Where the Table Storage store lives (<c>Clipping:Storage:*</c>); no connection string means SQLite.</summary>
public sealed class StorageOptions
{
    /// <summary>A storage account connection string, or <c>UseDevelopmentStorage=true</c> for Azurite. Falls back to <c>AzureWebJobsStorage</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The Table service endpoint (https://ACCOUNT.table.core.windows.net) reached with a managed identity
    /// (DefaultAzureCredential) instead of a key. Falls back to the Functions conventions <c>AzureWebJobsStorage__tableServiceUri</c>
    /// and <c>AzureWebJobsStorage__accountName</c>.
    /// </summary>
    public string? TableEndpoint { get; set; }

    /// <summary>Prepended to the table names, so several sites can share one account: letters and digits, starting with a letter.</summary>
    public string TablePrefix { get; set; } = "clipping";
}

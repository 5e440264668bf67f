namespace Clipping.Storage.Tables;

/// <summary>Where the Table Storage store lives (<c>Clipping:Storage:*</c>); no connection string means SQLite.</summary>
public sealed class StorageOptions
{
    /// <summary>A storage account connection string, or <c>UseDevelopmentStorage=true</c> for Azurite. Falls back to <c>AzureWebJobsStorage</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prepended to the table names, so several sites can share one account: letters and digits, starting with a letter.</summary>
    public string TablePrefix { get; set; } = "clipping";
}

using Azure.Identity;
using Azure.Storage.Queues;
using Clipping.Refresh;
using Microsoft.Extensions.Configuration;

namespace Clipping.Functions;

/// <summary>
/// The Functions app's refresh transport: a run's batches go on an Azure Storage queue (<c>Clipping:Refresh:Queue</c>,
/// in the host's own storage account), and <see cref="RefreshBatchFunctions"/> on whichever instances are running take
/// them from there. The queue is created here if it is missing; infra/main.bicep creates it too.
/// </summary>
public sealed class RefreshQueue(QueueClient queue, ILogger<RefreshQueue> logger) : IRefreshTransport
{
    /// <summary>The setting naming the queue; the queue trigger reads the same one.</summary>
    public const string QueueSetting = "Clipping:Refresh:Queue";

    /// <summary>
    /// How often a batch is tried before it goes to the poison queue: host.json's <c>extensions.queues.maxDequeueCount</c>,
    /// which a test keeps equal to this, so the reason recorded against the feeds says the truth.
    /// </summary>
    public const int MaxAttempts = 5;

    private volatile bool _created;

    public async Task<IReadOnlyList<FeedOutcome>?> RefreshAsync(RefreshPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Batches.Count == 0) return null;
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }
        await Parallel.ForEachAsync(plan.Batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (batch, token) => await queue.SendMessageAsync(batch.ToMessage(), token));
        logger.LogInformation("Refresh run {Run}: {Feeds} feeds queued in {Batches} batches on {Queue}.", plan.RunId, plan.FeedCount, plan.Batches.Count, queue.Name);
        return null;
    }

    /// <summary>
    /// The queue client for the host's storage, found as the host finds it: the <c>AzureWebJobsStorage</c> connection
    /// string, or (with a managed identity) <c>AzureWebJobsStorage__queueServiceUri</c> or <c>__accountName</c>. Null
    /// when none is set, and the app refreshes in-process.
    /// </summary>
    public static QueueClient? ClientFrom(IConfiguration configuration, string setting = QueueSetting)
    {
        var name = configuration[setting];
        if (string.IsNullOrWhiteSpace(name)) return null;
        // The host's queue trigger reads messages as base64 (host.json says so); the SDK must write them that way.
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (configuration["AzureWebJobsStorage"] is { Length: > 0 } connectionString) return new QueueClient(connectionString, name, options);
        var service = configuration["AzureWebJobsStorage:queueServiceUri"] is { Length: > 0 } uri ? uri
            : configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } account ? $"https://{account}.queue.core.windows.net"
            : null;
        if (service is null) return null;
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"] });
        return new QueueClient(new Uri(service.TrimEnd('/') + "/" + name), credential, options);
    }
}

using Azure.Data.Tables;
using Clipping.Storage.Tables;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// The Table service the Table Storage tests run against: Azurite, started by <c>bash .ci/test</c> (or
/// <c>bash .ci/azurite start</c>), named by CLIPPING_TEST_STORAGE (a connection string with its blob, queue and table endpoints). Without it these tests fail, never skip: a contract
/// suite that silently did not run would prove nothing.
/// </summary>
public static class TableStorage
{
    public const string Variable = "CLIPPING_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The Table Storage and Functions host tests need Azurite. Run the tests with 'bash .ci/test', which starts it, or start it with " +
                $"'bash .ci/azurite start' and set {Variable} to the connection string it prints.");

    /// <summary>A table prefix no other test uses, so tests sharing one Azurite never see each other's rows.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..16];

    public static TableClippingStore CreateStore(string prefix, string? connectionString = null) =>
        new(new TableServiceClient(connectionString ?? ConnectionString), prefix);
}

namespace Clipping.Tests.TestSupport;

/// <summary>Finds the shared fixture files, which live beside the repo rather than in it.</summary>
public static class Fixtures
{
    /// <summary>Set to the fixtures/feeds folder to run the tests from a build outside the repo.</summary>
    public const string FeedsDirectoryVariable = "CLIPPING_FIXTURES";

    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The folder holding Clipping.sln, found upward from the test binaries.</summary>
    public static string RepoRoot => Root.Value;

    public static string FeedsDirectory { get; } =
        Environment.GetEnvironmentVariable(FeedsDirectoryVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "feeds"));

    public static byte[] Feed(string fileName)
    {
        var path = Path.Combine(FeedsDirectory, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Fixture {fileName} not found in {FeedsDirectory}: the shared folder must sit beside the repository (../shared), or set {FeedsDirectoryVariable}.", path);
        }
        return File.ReadAllBytes(path);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clipping.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException(
            $"No Clipping.sln above {AppContext.BaseDirectory}; set {FeedsDirectoryVariable} to the fixtures/feeds folder to run from elsewhere.");
    }
}

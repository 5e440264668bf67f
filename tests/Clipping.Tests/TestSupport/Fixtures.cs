namespace Clipping.Tests.TestSupport;

/// <summary>Finds the shared fixtures: ../shared/fixtures beside the repository (or CLIPPING_FIXTURES, the feeds folder).</summary>
public static class Fixtures
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string FeedsDirectory { get; } =
        Environment.GetEnvironmentVariable("CLIPPING_FIXTURES") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "feeds"));

    public static byte[] Feed(string fileName)
    {
        var path = Path.Combine(FeedsDirectory, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Fixture {fileName} not found in {FeedsDirectory}: the shared folder must sit beside the repository (../shared), or set CLIPPING_FIXTURES.", path);
        }
        return File.ReadAllBytes(path);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clipping.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

namespace Clipping.Storage.Sqlite;

/// <summary>
/// Where the embedded store lives. The default is the user's own data folder (<c>~/.local/share/clipping</c> on
/// Linux, <c>%LOCALAPPDATA%\clipping</c> on Windows), the same whether the command is started with <c>dotnet run</c>
/// from the repository or as the published binary from anywhere. A relative <c>Clipping:DataDirectory</c> is taken
/// from the working directory, as written.
/// </summary>
public static class DataDirectory
{
    public const string FileName = "clipping.db";

    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        // Earlier versions kept the store in ./data: a store there is used rather than starting afresh elsewhere.
        var earlier = Path.GetFullPath("data");
        if (home.Length == 0) return earlier;
        var standard = Path.Combine(home, "clipping");
        return !File.Exists(Path.Combine(standard, FileName)) && File.Exists(Path.Combine(earlier, FileName)) ? earlier : standard;
    }
}

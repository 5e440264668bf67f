using System.Reflection;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// One headless Chromium for the browser tests: Debian's (<c>/usr/bin/chromium</c>, or CLIPPING_CHROMIUM), driven by
/// Playwright, which cannot download a browser of its own here. Without it these tests fail, never skip: `.ci/run`
/// installs it.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Variable = "CLIPPING_CHROMIUM";

    private IPlaywright _playwright = default!;

    public IBrowser Chromium { get; private set; } = default!;

    /// <summary>Phone and desktop windows, for screenshots and layout checks.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {executable}: install Debian's package (apt-get install chromium), which .ci/run does, or set {Variable}.");
        }
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true });
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A fresh window (no cookies) on <paramref name="baseUrl"/>, light or dark, phone or desktop.</summary>
    public async Task<IPage> OpenAsync(Uri baseUrl, bool dark = false, ViewportSize? viewport = null, bool javaScript = true)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.AbsoluteUri,
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
            ViewportSize = viewport ?? Desktop,
            JavaScriptEnabled = javaScript,
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Runs axe on the page as it stands and fails on any serious or critical violation, naming each rule, what it
    /// is about and the elements it found.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe on {what} ({page.Url}):\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"- {violation.Id} ({violation.Impact}): {violation.Help}; " + string.Join("; ", violation.Nodes.Take(5).Select(n => string.Join(" ", n.Target)));

    /// <summary>
    /// A full-page screenshot in artifacts/screenshots at the repository's root (ignored by git), returned so the
    /// test can name it in its output.
    /// </summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var root = typeof(Browser).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var path = Path.Combine(root, "artifacts", "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}

/// <summary>
/// The browser tests share one Chromium and take turns with it, after the other tests: on two cores a browser beside
/// the Functions hosts slows both past their time limits.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "Browser";
}

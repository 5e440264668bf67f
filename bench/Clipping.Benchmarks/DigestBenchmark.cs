using System.Diagnostics;
using System.Globalization;
using Clipping.Clippings;
using Clipping.Contributors;
using Clipping.Email;
using Clipping.Storage;
using Clipping.Storage.Archive;
using Clipping.Web;

namespace Clipping.Benchmarks;

/// <summary>
/// Planning and drawing a send time's email digests for N subscribers spread over the topic's page, 50 contributors'
/// pages and 20 tags (most on the topic's page, as on a real site), on a SQLite store of 1,000 clippings, a day of
/// them new since the readers confirmed. The mail goes to a transport that only counts it, so what is measured is
/// Clipping's part: reading who is due, claiming each digest in the store, reading each view, drawing each digest and
/// building each message's MIME. Wall time and peak resident memory (VmHWM, reset after the store is generated).
/// </summary>
internal static class DigestBenchmark
{
    private const int Contributors = 50;
    private const int Tags = 20;
    private const int ClippingCount = 1000;

    public static async Task<int> RunAsync(int subscribers)
    {
        var scratch = BenchServices.ScratchDirectory("digests");
        try
        {
            var counting = new CountingTransport();
            var now = DateTimeOffset.UtcNow;
            await using var services = await StartAsync(scratch, counting);
            var generate = Stopwatch.StartNew();
            await GenerateAsync(services.GetRequiredService<IClippingStore>(), subscribers, now);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {ClippingCount:N0} clippings, {Contributors} contributors and {subscribers:N0} subscribers in {generate.Elapsed.TotalSeconds:0.0} s"));

            GC.Collect();
            ResetPeak();
            var digests = services.GetRequiredService<Digests>();
            var clock = Stopwatch.StartNew();
            var plan = await digests.PlanAsync(now, [DigestFrequency.Daily], CancellationToken.None);
            var planned = clock.Elapsed;
            var report = DigestReport.None;
            foreach (var batch in plan.Batches) report = report.Add(await digests.SendAsync(batch, CancellationToken.None));
            var total = clock.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  plan: {plan.Due:N0} due in {plan.Batches.Count} batches, {planned.TotalMilliseconds:0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  send: {report.Sent:N0} digests drawn and built in {(total - planned).TotalSeconds:0.00} s ({(total - planned).TotalMilliseconds * 1000 / Math.Max(1, report.Sent):0} µs each), {counting.Bytes / 1e6:0.0} MB of MIME, {report.Empty} with nothing new"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  total {total.TotalSeconds:0.00} s, peak {PeakMegabytes():0} MB resident (VmHWM since the store was generated)"));
            return report.Sent == subscribers ? 0 : 1;
        }
        finally
        {
            BenchServices.DeleteScratch(scratch);
        }
    }

    private static async Task<ServiceProvider> StartAsync(string dataDirectory, CountingTransport transport)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clipping:DataDirectory"] = dataDirectory,
            ["Clipping:Topics:0:Name"] = "Big Society",
            ["Clipping:Site:BaseUrl"] = "https://clippings.example.org/",
            ["Clipping:Site:TimeZone"] = "Europe/London",
            ["Clipping:Email:Smtp:Host"] = "smtp.example.org",
            ["Clipping:Email:From"] = "Big Society clippings <clippings@example.org>",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddSingleton<IMailTransport>(transport);
        services.AddClippingCore(configuration);
        services.AddDigestRendering();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IClippingStore>().InitializeAsync(CancellationToken.None);
        return provider;
    }

    private static async Task GenerateAsync(IClippingStore store, int subscribers, DateTimeOffset now)
    {
        var confirmed = now.AddDays(-1);
        for (var c = 0; c < Contributors; c++)
        {
            await store.AddContributorAsync(new Contributor($"c{c:D5}", $"Blogger {c}", $"https://b{c}.example/", $"https://b{c}.example/feed/",
                ContributorStatus.Approved, FeedMode.TaggedPosts, null, now.AddDays(-30), new FeedState(LastSuccess: now)), CancellationToken.None);
        }
        // A thousand clippings: the newest sixth seen since the readers confirmed, the rest before.
        await store.SaveSightingsAsync("big-society", [.. Enumerable.Range(0, ClippingCount).Select(i =>
        {
            var link = $"https://b{i % Contributors}.example/{i}";
            var seen = i < ClippingCount / 6 ? now.AddMinutes(-i) : confirmed.AddMinutes(-i);
            return new Sighting("big-society", CanonicalUrl.Hash(CanonicalUrl.Of(link)!), CanonicalUrl.Of(link)!, $"c{i % Contributors:D5}", $"Blogger {i % Contributors}",
                $"https://b{i % Contributors}.example/", "item-" + i, link, $"Post {i} on volunteers and councils", "Some words about the big society, volunteers and local councils.",
                $"<p>Post {i}: {string.Join(' ', Enumerable.Repeat("text of a typical blog post", 40))}</p>", null, seen, seen,
                ["Big Society", $"theme {i % Tags}"], [$"Blogger {i % Contributors}"], "hash" + i);
        })], CancellationToken.None);
        // Readers: 70% on the topic's page, 20% on a contributor's, 10% on a tag's, all daily, confirmed a day ago.
        var records = Enumerable.Range(0, subscribers).Select(i =>
        {
            var view = (i % 10) switch
            {
                < 7 => "/",
                < 9 => $"/contributors/c{i % Contributors:D5}",
                _ => $"/tags/theme{i % Tags}",
            };
            var address = $"reader{i}@example.org";
            return (StoredRecord)new StoredSubscriber(new Subscriber(SubscriberIds.For(address, view), address, view, DigestFrequency.Daily, SubscriberState.Confirmed,
                SubscriptionTokens.NewStamp(), confirmed, Confirmed: confirmed));
        }).ToList();
        foreach (var chunk in records.Chunk(1000)) await ((IStoreContents)store).WriteAsync(chunk, CancellationToken.None);
    }

    // Writing 5 to clear_refs resets the process's peak resident size, so the figure is the digests' own.
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static double PeakMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>A transport that builds each message as SMTP would send it, and counts its bytes.</summary>
    private sealed class CountingTransport : IMailTransport
    {
        public long Bytes;

        public IMailSession Open() => new Session(this);

        private sealed class Session(CountingTransport owner) : IMailSession
        {
            public Task<SendOutcome> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
            {
                var message = SmtpTransport.Build(mail, "Big Society clippings <clippings@example.org>", DateTimeOffset.UtcNow);
                using var counter = new MimeKit.IO.MeasuringStream();
                message.WriteTo(counter, cancellationToken);
                Interlocked.Add(ref owner.Bytes, counter.Length);
                return Task.FromResult(SendOutcome.Sent);
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}

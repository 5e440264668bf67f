using System.CommandLine;
using System.Diagnostics;
using Clipping.Storage;
using Clipping.Storage.Archive;

namespace Clipping.Host.Commands;

/// <summary>
/// <c>clipping store export|import|copy|verify</c>: the whole site as one archive, or moved between the SQLite file and
/// Table Storage (docs/archive.md).
/// </summary>
internal static class StoreCommand
{
    public static Command Create()
    {
        var command = new Command("store", "Back up, restore, move and check the whole store (contributors, clippings, polling state, keys).");
        command.Add(Export());
        command.Add(Import());
        command.Add(Copy());
        command.Add(Verify());
        return command;
    }

    private static Command Export()
    {
        var file = new Argument<string>("file") { Description = "The archive to write (gzip'd JSON Lines; replaced if it exists)" };
        var withoutSecrets = new Option<bool>("--without-secrets") { Description = "Leave out keys, WebSub secrets and leave-link hashes, for sharing" };
        var command = new Command("export", "Write the whole store to one site archive.") { file, withoutSecrets };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var store = Contents(services.GetRequiredService<IClippingStore>());
            var progress = new Progress("exported");
            var header = await ArchiveFile.WriteAsync(store, parse.GetValue(file)!, parse.GetValue(withoutSecrets), progress.Report, TimeProvider.System, cancellationToken);
            progress.Done();
            Console.WriteLine($"Exported {store.Location} to {TerminalText.Safe(parse.GetValue(file)!)}{(header.WithoutSecrets ? ", without secrets" : "")}:");
            PrintCounts(header.Records);
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "A site archive written by `clipping store export`" };
        var merge = new Option<bool>("--merge") { Description = "Merge into a store that already holds a site, by the refresh's dedupe rules (running it twice changes nothing)" };
        var command = new Command("import", "Restore a site archive into the configured store, which must be empty unless --merge. The archive is checked whole first.") { file, merge };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            if (parse.GetValue(merge))
            {
                var target = services.GetRequiredService<IClippingStore>();
                var merged = await StoreTransfer.MergeAsync(parse.GetValue(file)!, target, cancellationToken);
                Console.WriteLine($"Merged {TerminalText.Safe(parse.GetValue(file)!)} into {target.Location}:");
                Console.WriteLine($"  contributors: {merged.ContributorsAdded} added, {merged.ContributorsKept} already there (kept as they were)");
                Console.WriteLine($"  clippings: {merged.ClippingsNew} new, {merged.CreditsAdded} credits added to clippings already there, {merged.CreditsAlreadyThere} credits already there");
                Console.WriteLine($"  {merged.OtherRecordsAdded} seen items, subscriptions, runs and keys added");
                return 0;
            }
            var store = Contents(services.GetRequiredService<IClippingStore>());
            var progress = new Progress("imported");
            var report = await StoreTransfer.ImportAsync(parse.GetValue(file)!, store, progress.Report, cancellationToken);
            progress.Done();
            return Report($"Imported {TerminalText.Safe(parse.GetValue(file)!)} into {store.Location}", report);
        });
        return command;
    }

    private static Command Copy()
    {
        var from = new Option<string>("--from") { Description = "The store to copy: a SQLite file's path, or a Table Storage connection string", Required = true };
        var to = new Option<string>("--to") { Description = "The empty store to copy into, named the same way", Required = true };
        var command = new Command("copy", "Copy the whole store from one place to another (SQLite file or Table Storage, either way), then compare them. Run it again to finish a copy that was interrupted.") { from, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var options = services.GetRequiredService<ClippingOptions>();
            var source = Contents(ClippingServices.CreateStore(parse.GetValue(from)!, options));
            var target = Contents(ClippingServices.CreateStore(parse.GetValue(to)!, options));
            await source.InitializeAsync(cancellationToken);
            var progress = new Progress("copied");
            var report = await StoreTransfer.CopyAsync(source, target, progress.Report, cancellationToken);
            progress.Done();
            return Report($"Copied {source.Location} to {target.Location}", report);
        });
        return command;
    }

    private static Command Verify()
    {
        var what = new Argument<string>("file-or-store") { Description = "A site archive, a SQLite file, or a Table Storage connection string" };
        var command = new Command("verify", "Check an archive or a live store: counts, hashes, and that every credit and seen item points at something that exists.") { what };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CommandServices.StartAsync([], cancellationToken);
            var target = parse.GetValue(what)!;
            StoreCheckReport check;
            if (IsArchive(target))
            {
                var header = await ArchiveFile.VerifyAsync(target, cancellationToken);
                Console.WriteLine($"{TerminalText.Safe(target)} is a site archive exported {header.Exported:yyyy-MM-dd HH:mm} UTC{(header.WithoutSecrets ? ", without secrets" : "")}; every record matches its header's counts and hashes.");
                check = await StoreCheck.CheckAsync(ArchiveFile.RecordsAsync(target, cancellationToken), cancellationToken);
            }
            else
            {
                if (!target.Contains('=', StringComparison.Ordinal) && !File.Exists(target))
                {
                    throw new ArchiveException($"{target} is neither a file nor a Table Storage connection string.");
                }
                var store = Contents(ClippingServices.CreateStore(target, services.GetRequiredService<ClippingOptions>()));
                await store.InitializeAsync(cancellationToken);
                check = await StoreCheck.CheckAsync(store.ReadAllAsync(cancellationToken), cancellationToken);
                check = check with { Problems = [.. check.Problems, .. await store.CheckViewsAsync(cancellationToken)] };
                Console.WriteLine($"{store.Location}:");
            }
            PrintCounts(check.Records);
            if (check.Sound)
            {
                Console.WriteLine(IsArchive(target) ? "Every credit, seen item and subscription points at something that exists." : "Every credit, seen item and subscription points at something that exists, and the views agree with the clippings.");
                return 0;
            }
            Console.WriteLine("Problems:");
            foreach (var problem in check.Problems) Console.WriteLine($"  {TerminalText.Safe(problem)}");
            return 1;
        });
        return command;
    }

    // A SQLite file is a store; anything else that exists is taken for an archive, and told what is wrong with it.
    private static bool IsArchive(string path) => File.Exists(path) && !Clipping.Storage.Sqlite.SqliteClippingStore.IsDatabaseFile(path);

    private static IStoreContents Contents(IClippingStore store) =>
        store as IStoreContents ?? throw new InvalidOperationException($"{store.Location} cannot be read or written whole.");

    private static int Report(string what, TransferReport report)
    {
        if (report.AlreadyDone)
        {
            Console.WriteLine($"Nothing to do: the target already holds exactly these records (a move that finished before). Verified:");
            PrintCounts(report.Written);
            return 0;
        }
        Console.WriteLine($"{what}:");
        if (report.Resumed > 0) Console.WriteLine($"  (went on after the {report.Resumed:N0} records an interrupted run had written)");
        PrintCounts(report.Written);
        if (report.Verified)
        {
            Console.WriteLine("Verified: the target's counts and hashes match the source's.");
            return 0;
        }
        Console.WriteLine($"NOT verified: {string.Join("; ", report.Differences)}. If the source changed meanwhile, run the same command again to catch up.");
        return 1;
    }

    private static void PrintCounts(IReadOnlyDictionary<string, KindSummary> records)
    {
        if (records.Count == 0) Console.WriteLine("  nothing (an empty store)");
        foreach (var (kind, summary) in records) Console.WriteLine($"  {summary.Count,8} {ArchiveKinds.Plural(kind)}");
    }

    /// <summary>
    /// How many records so far, how many a second, and the time left when the total is known; on a terminal only, so
    /// redirected output stays a plain report.
    /// </summary>
    private sealed class Progress(string verb)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly bool _show = !Console.IsErrorRedirected;
        private TimeSpan _last;
        // The rate counts from the first report: a rerun's first report is where the interrupted run had got to.
        private (long Records, TimeSpan At)? _first;

        public void Report(long records, long? total)
        {
            _first ??= (records, _clock.Elapsed);
            if (!_show || _clock.Elapsed - _last < TimeSpan.FromMilliseconds(250)) return;
            _last = _clock.Elapsed;
            var rate = (records - _first.Value.Records) / Math.Max((_clock.Elapsed - _first.Value.At).TotalSeconds, 0.001);
            var left = total is { } all && rate > 0 && all >= records ? $", about {TimeSpan.FromSeconds(Math.Ceiling((all - records) / rate)):m\\:ss} left" : "";
            var of = total is { } t ? $" of {t:N0}" : "";
            Console.Error.Write($"\r{records:N0}{of} records {verb}, {rate:N0} a second{left}   ");
        }

        public void Done()
        {
            if (_show && _last > TimeSpan.Zero) Console.Error.WriteLine();
        }
    }
}

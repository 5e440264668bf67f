using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace Clipping.Storage.Archive;

/// <summary>Why an archive was refused, in words that say which problem it has. Nothing was written when this is thrown.</summary>
public sealed class ArchiveException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Writing and reading a site archive file. The header, which counts and hashes every record, comes first, but those
/// are known only once every record is written: the records go to a compressed file beside the target first, then the
/// archive is the header's gzip member followed by those bytes as they are (a gzip file may hold several members,
/// read as one stream), and it is renamed into place, so a half-written archive never takes a finished one's name.
/// </summary>
public static class ArchiveFile
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    /// <summary>Writes every record of <paramref name="source"/> to <paramref name="path"/>; returns its header.</summary>
    public static async Task<ArchiveHeader> WriteAsync(IStoreContents source, string path, bool withoutSecrets, Action<long, long?>? progress, TimeProvider clock, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var records = full + ".records.partial";
        var partial = full + ".partial";
        try
        {
            var tally = new ArchiveTally();
            var topics = new SortedSet<string>(StringComparer.Ordinal);
            var total = progress is null ? null : await source.CountRecordsAsync(cancellationToken);
            await using (var file = new FileStream(records, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            {
                await foreach (var record in source.ReadAllAsync(cancellationToken))
                {
                    if (ArchiveFormat.Encode(record, withoutSecrets) is not { } line) continue;
                    if (record is StoredClipping c) topics.Add(c.Clipping.Topic);
                    tally.Add(record.Kind, line);
                    await gzip.WriteAsync(line, cancellationToken);
                    await gzip.WriteAsync(Newline, cancellationToken);
                    if (tally.Total % 1000 == 0) progress?.Invoke(tally.Total, total);
                }
            }
            var header = new ArchiveHeader(ArchiveFormat.Name, ArchiveFormat.Version, clock.GetUtcNow(), [.. topics], withoutSecrets, tally.Summaries);
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
                {
                    await gzip.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(header, ArchiveHeaderJson.Default.ArchiveHeader), cancellationToken);
                    await gzip.WriteAsync(Newline, cancellationToken);
                }
                await using var body = File.OpenRead(records);
                await body.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(partial, full, overwrite: true);
            progress?.Invoke(tally.Total, total);
            return header;
        }
        finally
        {
            File.Delete(records);
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Reads the whole archive and checks it against its header: every line a record this Clipping understands, and
    /// every kind's count and hash as the header says. Throws <see cref="ArchiveException"/> saying what is wrong.
    /// </summary>
    public static async Task<ArchiveHeader> VerifyAsync(string path, CancellationToken cancellationToken)
    {
        var tally = new ArchiveTally();
        var header = await ReadAsync(path, (record, line) => tally.Add(record.Kind, line.Span), cancellationToken);
        if (ArchiveTally.Differences(header.Records, tally.Summaries) is { Count: > 0 } differences)
        {
            var truncated = tally.Total < header.Records.Values.Sum(k => k.Count);
            throw new ArchiveException($"{path} {(truncated ? "is truncated" : "has been changed since it was written")}: {string.Join("; ", differences)}.");
        }
        return header;
    }

    /// <summary>The records of an archive in order, after its header; for one already verified.</summary>
    public static async IAsyncEnumerable<StoredRecord> RecordsAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var lines = await ArchiveLines.OpenAsync(path, cancellationToken);
        while (await lines.NextAsync(cancellationToken) is { } line) yield return lines.Decode(line);
    }

    /// <summary>Reads the header, then hands each record and its line to <paramref name="each"/>.</summary>
    public static async Task<ArchiveHeader> ReadAsync(string path, Action<StoredRecord, ReadOnlyMemory<byte>> each, CancellationToken cancellationToken)
    {
        await using var lines = await ArchiveLines.OpenAsync(path, cancellationToken);
        while (await lines.NextAsync(cancellationToken) is { } line) each(lines.Decode(line), line);
        return lines.Header;
    }

    /// <summary>An archive's lines, with every way a file can fail to be one turned into an <see cref="ArchiveException"/>.</summary>
    private sealed class ArchiveLines : IAsyncDisposable
    {
        private readonly string _path;
        private readonly Stream _file;
        private readonly GZipStream _gzip;
        private readonly System.IO.Pipelines.PipeReader _reader;
        private long _lineNumber;

        private ArchiveLines(string path, Stream file)
        {
            _path = path;
            _file = file;
            _gzip = new GZipStream(file, CompressionMode.Decompress);
            _reader = System.IO.Pipelines.PipeReader.Create(_gzip, new System.IO.Pipelines.StreamPipeReaderOptions(bufferSize: 1 << 16));
        }

        public ArchiveHeader Header { get; private set; } = null!;

        public static async Task<ArchiveLines> OpenAsync(string path, CancellationToken cancellationToken)
        {
            Stream file;
            try
            {
                file = File.OpenRead(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArchiveException($"{path} cannot be read: {e.Message}", e);
            }
            var lines = new ArchiveLines(path, file);
            try
            {
                if (file.Length == 0) throw new ArchiveException($"{path} is empty: it is not a site archive.");
                var magic = new byte[2];
                if (await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken) < 2 || magic[0] != 0x1f || magic[1] != 0x8b)
                {
                    throw new ArchiveException($"{path} is not a site archive: it is not gzip-compressed (an archive is what `clipping store export` writes).");
                }
                file.Position = 0;
                lines.Header = await lines.ReadHeaderAsync(cancellationToken);
                return lines;
            }
            catch
            {
                await lines.DisposeAsync();
                throw;
            }
        }

        private async Task<ArchiveHeader> ReadHeaderAsync(CancellationToken cancellationToken)
        {
            var first = await NextAsync(cancellationToken) ?? throw new ArchiveException($"{_path} is not a site archive: it holds no header.");
            ArchiveHeader? header = null;
            int? version = null;
            try
            {
                using var document = JsonDocument.Parse(first);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == ArchiveFormat.Name)
                {
                    if (document.RootElement.TryGetProperty("version", out var v) && v.TryGetInt32(out var number)) version = number;
                    if (version is > ArchiveFormat.Version)
                    {
                        throw new ArchiveException($"{_path} was written by a newer Clipping (archive format version {version}; this one reads up to version {ArchiveFormat.Version}). Upgrade Clipping to import it.");
                    }
                    header = document.RootElement.Deserialize(ArchiveHeaderJson.Default.ArchiveHeader);
                }
            }
            catch (JsonException)
            {
            }
            if (header is null || header.Records is null || version is null or < 1)
            {
                throw new ArchiveException($"{_path} is not a site archive: its first line is not a Clipping archive header.");
            }
            return header;
        }

        public async Task<ReadOnlyMemory<byte>?> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                System.IO.Pipelines.ReadResult result;
                try
                {
                    result = await _reader.ReadAsync(cancellationToken);
                }
                catch (InvalidDataException e)
                {
                    throw new ArchiveException($"{_path} is damaged: its compressed data fails its check after line {_lineNumber} ({e.Message}).", e);
                }
                var buffer = result.Buffer;
                var newline = buffer.PositionOf((byte)'\n');
                if (newline is { } end)
                {
                    var line = buffer.Slice(0, end).ToArray();
                    _reader.AdvanceTo(buffer.GetPosition(1, end));
                    _lineNumber++;
                    return line;
                }
                if (result.IsCompleted)
                {
                    if (buffer.Length > 0)
                    {
                        _reader.AdvanceTo(buffer.End);
                        throw new ArchiveException($"{_path} is truncated: its last line (line {_lineNumber + 1}) ends without a line break.");
                    }
                    return null;
                }
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }

        public StoredRecord Decode(ReadOnlyMemory<byte> line)
        {
            try
            {
                return ArchiveFormat.Decode(line.Span);
            }
            catch (FormatException e)
            {
                throw new ArchiveException($"{_path} is damaged at line {_lineNumber}: {e.Message}.", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _reader.CompleteAsync();
            await _gzip.DisposeAsync();
            await _file.DisposeAsync();
        }
    }
}

using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Clipping.Hashing;

/// <summary>
/// Feeds values into a non-cryptographic hash so that no two different sequences of values hash the same bytes:
/// every string is preceded by its length (null and empty differ), and marks separate kinds of value.
/// </summary>
internal static class HashInput
{
    public static void AppendString(this NonCryptographicHashAlgorithm hash, string? value)
    {
        hash.AppendLength(value?.Length ?? -1);
        if (!string.IsNullOrEmpty(value)) hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
    }

    public static void AppendLength(this NonCryptographicHashAlgorithm hash, int length)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        hash.Append(bytes);
    }

    public static void AppendInt64(this NonCryptographicHashAlgorithm hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        hash.Append(bytes);
    }

    public static void AppendMark(this NonCryptographicHashAlgorithm hash, char mark) => hash.Append([(byte)mark]);
}

using System.Reflection;
using Clipping.Clippings;
using Clipping.Storage;

namespace Clipping.Tests.TestSupport;

/// <summary>
/// A real store behind a proxy that notes the size of each batch of sightings it is given, and can be told to fail
/// them (or its initialisation): the store going wrong exactly where a test wants it to.
/// </summary>
public class RecordingStore : DispatchProxy
{
    public IClippingStore Inner { get; private set; } = default!;
    public bool FailSaves { get; set; }
    public bool FailInitialize { get; set; }
    public List<int> Saves { get; } = [];
    public int Initializations;

    public static (IClippingStore Store, RecordingStore Recording) Around(IClippingStore inner)
    {
        var store = Create<IClippingStore, RecordingStore>();
        var recording = (RecordingStore)(object)store;
        recording.Inner = inner;
        return (store, recording);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        if (method!.Name == nameof(IClippingStore.InitializeAsync))
        {
            Interlocked.Increment(ref Initializations);
            if (FailInitialize) return Task.FromException(new IOException("the store is unreachable"));
        }
        if (method.Name == nameof(IClippingStore.SaveSightingsAsync))
        {
            if (FailSaves) return Task.FromException<IReadOnlyList<MergeOutcome>>(new IOException("the store is down"));
            lock (Saves) Saves.Add(((IReadOnlyList<Sighting>)args![1]!).Count);
        }
        return method.Invoke(Inner, args);
    }
}

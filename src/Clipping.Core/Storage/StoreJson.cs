using System.Text.Json.Serialization;
using Clipping.Contributors;

namespace Clipping.Storage;

/// <summary>How both stores serialise what they keep as JSON: one shape, generated at build time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Clippings.Clipping))]
[JsonSerializable(typeof(FeedState))]
[JsonSerializable(typeof(ContributorKeys))]
[JsonSerializable(typeof(Refresh.RefreshRun))]
[JsonSerializable(typeof(Refresh.RefreshBatchResult))]
[JsonSerializable(typeof(WebSub.HubSubscription))]
[JsonSerializable(typeof(List<Clippings.ClippingSource>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Backups.BackupRecord))]
[JsonSerializable(typeof(Email.Subscriber))]
internal sealed partial class StoreJson : JsonSerializerContext
{
    /// <summary>
    /// The context the stores use: HTML kept as it is rather than escaped to \u003C and the like, which would triple its
    /// size. Safe here because stored JSON is never embedded in a page. Enums are written as names by the converters the
    /// generator emits for <c>UseStringEnumConverter</c>, which need no runtime code generation.
    /// </summary>
    public static StoreJson Stored { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

using System.Text.Json.Serialization;
using Clipping.Contributors;

namespace Clipping.Storage;

/// <summary>How both stores serialise what they keep as JSON: one shape, generated at build time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Clippings.Clipping))]
[JsonSerializable(typeof(FeedState))]
[JsonSerializable(typeof(List<Clippings.ClippingSource>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StoreJson : JsonSerializerContext;

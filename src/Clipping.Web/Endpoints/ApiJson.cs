using System.Text.Json;
using System.Text.Json.Serialization;
using Clipping.Contributors;
using Clipping.Refresh;

namespace Clipping.Web.Endpoints;

/// <summary>The body of every 4xx or 5xx the JSON API answers: what went wrong and what to do.</summary>
public sealed record ApiError(string Error);

/// <summary>
/// Every JSON body the HTTP API reads or writes, generated at build time. It is the only resolver the site's JSON uses,
/// so a type left out of it fails in every build, not only in a native one.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ContributorJson))]
[JsonSerializable(typeof(ContributorJson[]))]
[JsonSerializable(typeof(RegistrationJson))]
[JsonSerializable(typeof(RegistrationRequest))]
[JsonSerializable(typeof(RefreshReport))]
internal sealed partial class ApiJson : JsonSerializerContext;

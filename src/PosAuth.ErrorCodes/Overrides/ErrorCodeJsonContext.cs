using System.Text.Json;
using System.Text.Json.Serialization;

namespace PosAuth.ErrorCodes.Overrides;

/// <summary>Source-generated (trimming- and AOT-safe) JSON metadata for override files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ErrorCodeOverrideDocument))]
internal sealed partial class ErrorCodeJsonContext : JsonSerializerContext;

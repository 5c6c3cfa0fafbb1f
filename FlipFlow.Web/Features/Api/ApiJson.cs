using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlipFlow.Web.Features.Api;

/// <summary>
/// How the API writes and reads JSON: camelCase names, enums by name, and every <see cref="DateTimeOffset"/> as
/// ISO-8601 in UTC (<c>2026-12-02T14:05:00Z</c>), whatever offset the value was made with.
/// </summary>
public static class ApiJson
{
    public static IServiceCollection AddApiJson(this IServiceCollection services) => services.ConfigureHttpJsonOptions(json =>
    {
        json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        json.SerializerOptions.Converters.Add(new UtcTimestampConverter());
    });

    /// <summary>Writes the instant in UTC with a Z; reads any ISO-8601 offset.</summary>
    public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value.UtcDateTime);
    }
}

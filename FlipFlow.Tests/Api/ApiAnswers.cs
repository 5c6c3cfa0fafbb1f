using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FlipFlow.Tests.Api;

/// <summary>Reading the API's answers in tests: the JSON body, and the field names of a 400.</summary>
internal static class ApiAnswers
{
    /// <summary>How the API writes JSON (camelCase, enums by name), for reading its answers into records.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("The answer has no body.");
    }

    /// <summary>The fields a 400 names in its <c>errors</c> map, sorted.</summary>
    public static async Task<IReadOnlyList<string>> FieldErrorsAsync(this HttpResponseMessage response)
    {
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem["errors"]!.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A problem answer (404, 409) with its status and a detail.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.JsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        return problem["detail"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
}

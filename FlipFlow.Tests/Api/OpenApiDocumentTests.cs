using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Api;

namespace FlipFlow.Tests.Api;

/// <summary>The OpenAPI document: it parses, it describes every /api/v1 route and only /api routes, with the key scheme and the problem answers.</summary>
[Trait("Category", "Integration")]
public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    private static readonly string[] ProblemStatuses = ["400", "401", "403", "404", "429", "500"];

    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_document_parses_and_lists_every_api_v1_route_of_the_app_and_nothing_else()
    {
        using var client = app.NewClient();
        var response = await client.GetAsync(ApiDocument.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        var described = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(operation => operation.Name != "parameters")
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        var routes = AppRoutes.Of(app.Services).Where(route => route.IsApi)
            .Select(route => $"{route.Method} {PlainParameters().Replace(route.Pattern, "{${name}}")}").ToHashSet();

        Assert.NotEmpty(routes);
        Assert.True(routes.SetEquals(described),
            "Routes not in the document: " + string.Join(", ", routes.Except(described)) + "; described but not routes: " + string.Join(", ", described.Except(routes)));
    }

    [Fact]
    public async Task Every_operation_needs_the_bearer_key_and_describes_its_problem_answers()
    {
        using var client = app.NewClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync(ApiDocument.Path));
        var root = document.RootElement;

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var operations = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(operation => operation.Name != "parameters").Select(operation => (path.Name, operation))).ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, entry) in operations)
        {
            var (method, operation) = (entry.Name, entry.Value);
            Assert.Contains(operation.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("Bearer", out _));
            var responses = operation.GetProperty("responses");
            foreach (var status in ProblemStatuses)
            {
                Assert.True(responses.TryGetProperty(status, out var answer) && answer.GetProperty("content").TryGetProperty(ApiProblems.ContentType, out _),
                    $"{method} {path} does not describe its {status} as {ApiProblems.ContentType}.");
            }
        }
    }

    /// <summary>Route constraints and optional marks, which OpenAPI paths leave out: {id:long} is {id}.</summary>
    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex PlainParameters();
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Api;
using FlipFlow.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Api;

/// <summary>
/// Request ids and the API's error format on the real app: the caller's id comes back and is in the scope of that
/// request's log lines, a bad one is replaced, and /api addresses no endpoint has answer problems, not console pages.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApiPipelineTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;

    // Routing's own information lines ("Executing endpoint ...") are lines the request writes inside the pipeline.
    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Information",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_sent_request_id_comes_back_and_is_in_the_scope_of_that_requests_log_lines()
    {
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add(RequestIds.Header, "abc-123");

        var response = await client.SendAsync(request);

        Assert.Equal("abc-123", response.Headers.GetValues(RequestIds.Header).Single());
        var lines = app.LogEntries.Entries.Where(entry => Equals(entry.ScopeValue("RequestId"), "abc-123")).ToList();
        Assert.Contains(lines, line => line.Message.Contains("/health", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task A_request_id_the_rule_refuses_is_replaced_by_a_new_one(string sent)
    {
        using var client = app.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.TryAddWithoutValidation(RequestIds.Header, sent);

        var response = await client.SendAsync(request);

        var id = response.Headers.GetValues(RequestIds.Header).Single();
        Assert.NotEqual(sent, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_console_pages_and_redirects_included()
    {
        using var client = app.NewClient();
        foreach (var path in new[] { "/", "/account/login", "/health", "/api/v1/nope" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.Headers.Contains(RequestIds.Header), $"GET {path} ({(int)response.StatusCode}) has no {RequestIds.Header}.");
        }
    }

    [Theory]
    [InlineData("/api/v1/nope")]
    [InlineData("/api/whatever")]
    [InlineData("/api/v1/products/extra/segments/here")]
    public async Task An_api_address_no_endpoint_has_answers_a_404_problem_not_the_console_page(string path)
    {
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        using var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);

        var response = await client.GetAsync(path);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_POST_to_an_api_address_that_only_reads_answers_405_not_the_console_catch_all_page()
    {
        using var client = app.NewClient();

        var response = await client.PostAsync(ApiDocument.ReferencePath, new StringContent("{}", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.DoesNotContain("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_method_an_api_address_does_not_take_answers_a_405_problem_with_Allow()
    {
        using var client = app.NewClient();

        var response = await client.DeleteAsync(ApiDocument.ReferencePath);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }
}

/// <summary>
/// The pieces of the API's pipeline that need an endpoint to fail in a particular way, on a small host built with the
/// app's own registrations in the app's order: a body that is not JSON, the wrong content type, a failure, a burst
/// over a limit; and the console's error page with the request id.
/// </summary>
public sealed class ApiProblemTests : IAsyncLifetime
{
    private readonly LogCapture logs = new();
    private WebApplication host = default!;
    private HttpClient client = default!;

    public sealed record Thing(string Title, decimal Price, DayOfWeek Day, DateTimeOffset At);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Configuration["Api:RateLimits:ReadsPerMinute"] = "3";
        builder.Services.AddApiProblems();
        builder.Services.AddApiJson();
        builder.Services.AddApiRateLimits(builder.Configuration);
        host = builder.Build();
        host.UseMiddleware<RequestIds>();
        host.UseRouting();
        host.UseExceptionHandler(ErrorPage.Handle);
        host.UseApiProblems();
        host.UseRateLimiter();
        var api = host.MapGroup(ApiEndpoints.Prefix).RequireRateLimiting(ApiRateLimits.Reads);
        api.MapGet("things/{id:long}/owner", (long id) => ApiRefusals.NotFound($"Thing {id} has no owner.", "No such thing"));
        api.MapPost("things", (Thing thing) => TypedResults.Ok(thing)).RequireRateLimiting(ApiRateLimits.Writes);
        api.MapGet("things/{id:long}", (long id) => TypedResults.Ok(new Thing("A", 1.5m, DayOfWeek.Monday, new DateTimeOffset(2026, 12, 2, 16, 5, 0, TimeSpan.FromHours(2)))));
        api.MapGet("fail", IResult () => throw new InvalidOperationException("database on fire at /secret/path"));
        api.MapGet("invalid", () => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["A title is needed."], ["price"] = ["The price cannot be negative."] }));
        host.MapGet("/console/fail", IResult () => throw new InvalidOperationException("console on fire"));
        await host.StartAsync();
        client = host.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_failure_answers_a_500_problem_with_the_request_id_and_nothing_of_the_exception()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/fail");
        request.Headers.Add(RequestIds.Header, "fail-1");

        var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "fail-1");
        var body = problem.GetRawText();
        Assert.DoesNotContain("fire", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain(" at ", body);
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Error && entry.Exception?.Message.Contains("fire") == true
            && Equals(entry.ScopeValue("RequestId"), "fail-1") && entry.Message.Contains("fail-1"));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_answers_a_400_problem_that_says_where()
    {
        var response = await client.PostAsync("/api/v1/things", new StringContent("""{ "title": "A", "price": "ten" }""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The body is not valid JSON", problem.GetProperty("title").GetString());
        Assert.Contains("$.price", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_of_another_content_type_answers_a_415_problem_that_names_it()
    {
        var response = await client.PostAsync("/api/v1/things", new StringContent("title=A", Encoding.UTF8, "text/plain"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_route_value_of_the_wrong_type_answers_a_404_problem_and_a_field_error_a_400_problem_with_errors()
    {
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/things/abc"), HttpStatusCode.NotFound);

        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/invalid"), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal("A title is needed.", errors.GetProperty("title")[0].GetString());
        Assert.Equal("The price cannot be negative.", errors.GetProperty("price")[0].GetString());
    }

    [Fact]
    public async Task A_refusal_goes_out_as_a_problem_with_its_title_and_detail()
    {
        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/things/9/owner"), HttpStatusCode.NotFound);

        Assert.Equal("No such thing", problem.GetProperty("title").GetString());
        Assert.Equal("Thing 9 has no owner.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_browser_that_asks_for_HTML_still_gets_the_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/invalid");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        await ProblemAssert.IsProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Json_is_camelCase_with_enums_by_name_and_times_in_UTC()
    {
        var json = await client.GetStringAsync("/api/v1/things/7");

        Assert.Equal("""{"title":"A","price":1.5,"day":"Monday","at":"2026-12-02T14:05:00Z"}""", json);
    }

    [Fact]
    public async Task A_burst_over_the_read_limit_answers_429_problems_with_Retry_After()
    {
        var answers = new List<HttpResponseMessage>();
        for (var call = 0; call < 5; call++)
        {
            answers.Add(await client.GetAsync("/api/v1/things/1"));
        }

        Assert.All(answers.Take(3), answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        foreach (var refused in answers.Skip(3))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        }
        // Writes have their own budget.
        var write = await client.PostAsJsonAsync("/api/v1/things", new { title = "B", price = 2m, day = "Friday", at = "2026-12-02T10:00:00+01:00" });
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Contains("\"at\":\"2026-12-02T09:00:00Z\"", await write.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_console_error_page_shows_the_request_id_its_log_line_and_header_carry()
    {
        var response = await client.GetAsync("/console/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var id = response.Headers.GetValues(RequestIds.Header).Single();
        Assert.Contains($"<code>{id}</code>", await response.Content.ReadAsStringAsync());
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Error && entry.Message.Contains(id) && Equals(entry.ScopeValue("RequestId"), id));
    }
}

/// <summary>What every answer under /api that is an error looks like.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem with the status and the response's request id, and returns its body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? requestId = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)status}: {body}");
        Assert.Equal(ApiProblems.ContentType, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        var id = problem.GetProperty("requestId").GetString();
        Assert.Equal(response.Headers.GetValues(RequestIds.Header).Single(), id);
        if (requestId is not null)
        {
            Assert.Equal(requestId, id);
        }
        return problem;
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.SystemInfo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.SystemInfo;

/// <summary>/health: enough for a load balancer, nothing an attacker can use, the detail for an Admin, and cheap under a flood.</summary>
public sealed class HealthTests
{
    [Trait("Category", "Integration")]
    [Fact]
    public async Task The_anonymous_answer_has_status_time_database_and_scheduler_state_and_names_neither_host_nor_process()
    {
        await using var app = await FlipFlowApp.StartAsync();
        using var client = app.NewClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        Assert.Equal(["status", "checkedAt", "database", "scheduler"], Names(json.RootElement));
        Assert.Equal(["reachable", "pendingMigrations"], Names(json.RootElement.GetProperty("database")));
        Assert.Equal(["state"], Names(json.RootElement.GetProperty("scheduler")));
        Assert.Equal("Running", json.RootElement.GetProperty("scheduler").GetProperty("state").GetString());
        // The check time's digits could hold the process id by chance; everything else may not.
        var rest = text.Replace(json.RootElement.GetProperty("checkedAt").GetString()!, "", StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.MachineName, rest, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), rest);
        Assert.DoesNotContain(await app.Services.GetRequiredService<JobNode>().NameAsync(), text);
    }

    [Theory]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Operator, false)]
    [InlineData(Roles.Viewer, false)]
    public async Task Only_a_signed_in_Admin_gets_the_detail_with_the_instance_id_and_provider(string role, bool detailed)
    {
        await using var app = await FlipFlowApp.StartAsync();
        var (email, password) = await app.CreateUserAsync(role);
        using var client = app.NewClient();
        await Forms.SignInAsync(client, email, password);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/health"));

        var scheduler = json.RootElement.GetProperty("scheduler");
        var database = json.RootElement.GetProperty("database");
        Assert.Equal(detailed, scheduler.TryGetProperty("instanceId", out var instanceId));
        Assert.Equal(detailed, database.TryGetProperty("provider", out var provider));
        if (detailed)
        {
            Assert.Equal(await app.Services.GetRequiredService<JobNode>().NameAsync(), instanceId.GetString());
            Assert.Equal(app.Database.Provider.ToString(), provider.GetString());
            Assert.Equal(JsonValueKind.Null, database.GetProperty("error").ValueKind);
        }
    }

    [Fact]
    public async Task Checks_within_two_seconds_of_each_other_ask_the_database_once()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var queries = 0;
        var health = new HealthCheck(
            _ => Task.FromResult(Status(reachable: true, error: null, counted: ++queries)),
            _ => Task.FromResult(new SchedulerDetail("Running", "node", false, 1, null)),
            clock, new LogCapture().CreateLogger<HealthCheck>());

        await health.CheckAsync();
        clock.Advance(TimeSpan.FromSeconds(1.9));
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => health.CheckAsync()));
        Assert.Equal(1, queries);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        var later = await health.CheckAsync();
        Assert.Equal(2, queries);
        Assert.Equal(clock.GetUtcNow(), later.CheckedAt);
    }

    [Fact]
    public async Task A_failing_database_is_Unhealthy_for_anyone_with_the_error_text_only_in_the_log_and_the_Admins_detail()
    {
        const string secret = "could not connect to db-7.internal:5432 as flipflow";
        var logs = new LogCapture();
        var health = new HealthCheck(
            _ => Task.FromResult(Status(reachable: false, error: secret)),
            _ => Task.FromResult(new SchedulerDetail("Failed", "", false, 0, "scheduler store unreachable at db-7.internal")),
            TimeProvider.System, logs.CreateLogger<HealthCheck>());

        var detail = await health.CheckAsync();

        var anyone = JsonSerializer.Serialize(detail.ForAnyone(), JsonSerializerOptions.Web);
        Assert.Equal("Unhealthy", detail.Status);
        Assert.DoesNotContain("db-7", anyone);
        Assert.Contains("\"state\":\"Failed\"", anyone);
        Assert.Contains(secret, JsonSerializer.Serialize(detail, JsonSerializerOptions.Web));
        Assert.Contains(logs.Problems, entry => entry.Message.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(logs.Problems, entry => entry.Message.Contains("scheduler store unreachable", StringComparison.Ordinal));
    }

    private static DatabaseStatus Status(bool reachable, string? error, int counted = 0) =>
        new(DatabaseProvider.Sqlite, $"flipflow-{counted}.db", reachable, error, [], []);

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(property => property.Name)];
}

internal static class LogCaptureExtensions
{
    public static ILogger<T> CreateLogger<T>(this LogCapture capture) => new Logger<T>(new LoggerFactory([capture]));
}

using System.Text.Json.Nodes;
using FlipFlow.Domain.Alerts;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Alerts;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Jobs;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RetryPolicy = FlipFlow.Domain.Jobs.RetryPolicy;

namespace FlipFlow.Tests.Alerts;

/// <summary>Alerts posted to a real local webhook receiver: a job's final failure only, once per cause an hour, retried while the receiver is down.</summary>
[Trait("Category", "Integration")]
public sealed class AlertTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private readonly ScriptedPlan plan = new();
    private TestDatabase database = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        using var host = TestHost.Build(database);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private IHost Host(TimeProvider? clock = null) => TestHost.Build(database, clock, services =>
    {
        services.AddSingleton(plan);
        // Hangfire keeps real time: 1 s between attempts keeps the test short.
        services.AddFlipFlowJob<ScriptedWork>(ScriptedWork.Definition(new RetryPolicy(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))));
    });

    private static Task<JobRun> WaitForAsync(IHost host, Guid chainId, Func<JobRun, bool> pick, string what) =>
        Poll.UntilAsync(async () => (await host.Services.GetRequiredService<JobHistory>().AttemptsAsync(chainId)).FirstOrDefault(pick), TimeSpan.FromSeconds(30), what);

    [Fact]
    public async Task A_job_failing_three_times_sends_exactly_one_alert_for_its_final_failure_and_none_for_its_retries_or_a_later_success()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var host = Host();
        await host.Services.GetRequiredService<AlertChannels>().AddAsync("ops", receiver.Url, AlertFormat.Json, "admin@example.com");
        plan.Steps.Enqueue(Step.Fail);
        plan.Steps.Enqueue(Step.Fail);
        plan.Steps.Enqueue(Step.Fail);
        var servers = host.Services.GetRequiredService<JobServers>();
        await servers.StartAsync();
        try
        {
            var jobs = host.Services.GetRequiredService<IJobScheduler>();
            var runId = await jobs.TriggerAsync(ScriptedWork.Id);
            await WaitForAsync(host, runId, run => run.Attempt == 2 && run.Outcome is JobOutcome.Retrying or JobOutcome.Failed, "attempt 2 to fail");
            Assert.Empty(receiver.Bodies);

            await WaitForAsync(host, runId, run => run.Attempt == 3 && run.Outcome == JobOutcome.Failed, "attempt 3 to fail");
            var body = await Poll.UntilAsync(() => Task.FromResult(receiver.Bodies.TryPeek(out var first) ? first : null), TimeSpan.FromSeconds(30), "the alert to arrive");
            var success = await jobs.TriggerAsync(ScriptedWork.Id);
            await WaitForAsync(host, success, run => run.Outcome == JobOutcome.Succeeded, "the next run to succeed");
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AlertDeliveryWork>().RunAsync(new JobRunContext(new JobRun { JobId = AlertDeliveryWork.Definition.Id, Node = "test" }, TimeProvider.System), CancellationToken.None);

            var alert = JsonNode.Parse(body)!;
            Assert.Equal(("JobFailed", "job:scripted", "Job scripted failed after 3 attempts", "scripted failure at attempt 3"),
                ((string?)alert["kind"], (string?)alert["cause"], (string?)alert["title"], (string?)alert["detail"]));
            Assert.Single(receiver.Bodies);
            var (history, total) = await host.Services.GetRequiredService<AlertHistory>().ListAsync(0, 10);
            Assert.Equal(1, total);
            Assert.Equal((AlertDeliveryStatus.Sent, 1), (history[0].Deliveries.Single().Status, history[0].Deliveries.Single().Attempts));
        }
        finally
        {
            await servers.StopAsync();
        }
    }

    [Fact]
    public async Task A_cause_alerts_once_an_hour_and_a_delivery_the_receiver_refuses_is_tried_again_after_the_wait()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503);
        var clock = new ManualClock(Start);
        using var host = Host(clock);
        await host.Services.GetRequiredService<AlertChannels>().AddAsync("ops", receiver.Url, AlertFormat.Discord, "admin@example.com");
        var alerts = host.Services.GetRequiredService<IAlerts>();
        await using var scope = host.Services.CreateAsyncScope();
        var work = scope.ServiceProvider.GetRequiredService<AlertDeliveryWork>();
        Task<string> DeliverAsync() => work.RunAsync(new JobRunContext(new JobRun { JobId = AlertDeliveryWork.Definition.Id, Node = "test" }, clock), CancellationToken.None);

        Assert.True(await alerts.RaiseAsync(AlertKind.ScanFailed, "scan:Ebay", "The market scan of Ebay read nothing", "503", "market/sources"));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(await alerts.RaiseAsync(AlertKind.ScanFailed, "scan:Ebay", "The market scan of Ebay read nothing", "503", "market/sources"));

        Assert.Equal("sent 0, 1 to try again, 0 given up", await DeliverAsync());
        Assert.Equal("sent 0, 0 to try again, 0 given up", await DeliverAsync());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("sent 1, 0 to try again, 0 given up", await DeliverAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await alerts.RaiseAsync(AlertKind.ScanFailed, "scan:Ebay", "The market scan of Ebay read nothing", "503", "market/sources"));

        Assert.Equal(2, receiver.Bodies.Count);
        var discord = JsonNode.Parse(receiver.Bodies.First())!;
        Assert.Equal("**The market scan of Ebay read nothing**", (string?)discord["content"]);
        var (history, _) = await host.Services.GetRequiredService<AlertHistory>().ListAsync(0, 10);
        var sent = history.Single(alert => alert.RaisedAt == Start).Deliveries.Single();
        Assert.Equal((AlertDeliveryStatus.Sent, 2, Start.AddMinutes(64)), (sent.Status, sent.Attempts, sent.SentAt));
    }

    [Fact]
    public async Task Send_test_posts_at_once_and_keeps_the_test_with_its_outcome_and_a_bad_address_is_refused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var host = Host();
        var channels = host.Services.GetRequiredService<AlertChannels>();
        var channel = await channels.AddAsync("chat", receiver.Url, AlertFormat.Discord, "admin@example.com");

        var result = await channels.SendTestAsync(channel.Id, "admin@example.com");

        Assert.Equal(new AlertPostResult(true, null), result);
        Assert.Contains("Test alert from FlipFlow to chat", Assert.Single(receiver.Bodies));
        var (history, _) = await host.Services.GetRequiredService<AlertHistory>().ListAsync(0, 10);
        Assert.Equal((AlertKind.Test, AlertDeliveryStatus.Sent), (history.Single().Kind, history.Single().Deliveries.Single().Status));
        Assert.Equal("url", (await Assert.ThrowsAsync<AlertChannelException>(() => channels.AddAsync("x", "file:///etc/passwd", AlertFormat.Json, "a"))).Field);
        Assert.Equal("name", (await Assert.ThrowsAsync<AlertChannelException>(() => channels.AddAsync("chat", receiver.Url, AlertFormat.Json, "a"))).Field);
    }
}

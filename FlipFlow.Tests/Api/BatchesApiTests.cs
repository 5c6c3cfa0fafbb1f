using System.Collections.Concurrent;
using System.Net;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Batches;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Api;

/// <summary>
/// One app for the batches API's tests. Demo publishing is scripted: every job waits at its first step, so a batch stays
/// running for as long as a test looks at it, except the jobs of products in <see cref="Failing"/>, which fail at once.
/// </summary>
public sealed class BatchesApiApp : IAsyncLifetime
{
    public FlipFlowApp App { get; private set; } = default!;

    public ScriptedHandler Handler { get; } = new() { Steps = 2, HoldAt = 0 };

    /// <summary>Products whose publish fails for good at its first step.</summary>
    public ConcurrentDictionary<long, bool> Failing { get; } = new();

    public async Task InitializeAsync()
    {
        Handler.Before = (step, _) =>
        {
            if (step.Job.ProductId is { } product && Failing.ContainsKey(product))
            {
                throw new PermanentMarketplaceException(Marketplace.Demo, "Demo answered 400: bad category");
            }
        };
        App = await FlipFlowApp.StartAsync(
            settings: new Dictionary<string, string?> { ["Marketplaces:Demo:Market:FailureRate"] = "0" },
            services: services => services.AddSingleton<IMarketplaceHandler>(Handler));
    }

    public async Task DisposeAsync()
    {
        Handler.Release.TrySetResult();
        await App.DisposeAsync();
    }
}

/// <summary>
/// <c>/api/v1/batches</c> over HTTP with an API key: a publish batch answered 202 with its address, read back with its
/// jobs and tasks, listed with paging, retried and cancelled through the same service as the Batches page and <c>batch</c> verbs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BatchesApiTests(BatchesApiApp fixture) : IClassFixture<BatchesApiApp>
{
    private FlipFlowApp App => fixture.App;

    private MarketplaceBatches Batches => App.Services.GetRequiredService<MarketplaceBatches>();

    private async Task<(long Id, string Sku)> ProductAsync(HttpClient client)
    {
        var sku = $"BATCH-{Guid.NewGuid().ToString("N")[..8]}".ToUpperInvariant();
        var created = await (await client.PostJsonAsync("/api/v1/products",
            new { sku, title = $"Card {sku}", price = new { amount = 3m, currency = "USD" }, quantity = 2 })).JsonAsync(HttpStatusCode.Created);
        return (created["id"]!.GetValue<long>(), sku);
    }

    /// <summary>A batch written straight to the database in the state a test needs, with no jobs for the engine to run.</summary>
    private Task<long> BatchAsync(BatchStatus status, int failed = 0) => App.Services.QueryAsync(async db =>
    {
        var batch = new BatchJob
        {
            Title = "Made by a test", RequestedBy = "tests", Status = status, TotalJobs = failed, FailedJobs = failed, CreatedAt = DateTimeOffset.UtcNow,
            FinishedAt = UnfinishedWork.IsUnfinished(status) ? null : DateTimeOffset.UtcNow,
        };
        db.BatchJobs.Add(batch);
        await db.SaveChangesAsync();
        return batch.Id;
    });

    private Task<BatchJob> EndedAsync(long batchId) => Poll.UntilAsync(
        async () => await Batches.GetAsync(batchId) is { IsFinished: true } batch ? batch : null,
        TimeSpan.FromSeconds(60), $"batch {batchId} to end",
        async () => $"It is {(await Batches.GetAsync(batchId)).Status}.");

    [Fact]
    public async Task A_publish_batch_answers_202_with_its_address_which_shows_its_jobs_and_their_tasks()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var (_, first) = await ProductAsync(client);
        var (_, second) = await ProductAsync(client);

        var response = await client.PostJsonAsync("/api/v1/batches", new { marketplace = "demo", skus = new[] { first, second, "NO-SUCH-SKU" } });

        var started = await response.JsonAsync(HttpStatusCode.Accepted);
        var id = started["batch"]!["id"]!.GetValue<long>();
        Assert.Equal($"/api/v1/batches/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(2, started["batch"]!["totalJobs"]!.GetValue<int>());
        Assert.Contains("NO-SUCH-SKU: no product has this SKU", Assert.Single(started["skipped"]!.AsArray())!.GetValue<string>());
        var read = await (await client.GetAsync(response.Headers.Location)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, read["batch"]!["id"]!.GetValue<long>());
        var jobs = read["jobs"]!.AsArray();
        Assert.Equal(new[] { first, second }.Order(), jobs.Select(job => job!["sku"]!.GetValue<string>()).Order());
        Assert.All(jobs, job => Assert.Equal(2, job!["tasks"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_publish_without_a_marketplace_or_products_is_refused_naming_both_fields()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);

        Assert.Equal(["marketplace", "skus"], await (await client.PostJsonAsync("/api/v1/batches", new { marketplace = "amazon" })).FieldErrorsAsync());
        Assert.Equal(["skus"], await (await client.PostJsonAsync("/api/v1/batches", new { marketplace = "demo", all = true, skus = new[] { "A" } }))
            .FieldErrorsAsync());
    }

    [Fact]
    public async Task A_publish_with_nothing_left_to_publish_is_a_conflict_and_creates_no_batch()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var before = await Batches.CountAsync();

        var response = await client.PostJsonAsync("/api/v1/batches", new { marketplace = "demo", skus = new[] { "NOBODY-HAS-THIS" } });

        Assert.Contains("Nothing to publish", await response.ProblemAsync(HttpStatusCode.Conflict));
        Assert.Equal(before, await Batches.CountAsync());
    }

    [Fact]
    public async Task The_list_pages_newest_first_with_a_total_and_a_next_link()
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);
        var older = await BatchAsync(BatchStatus.Completed);
        var newer = await BatchAsync(BatchStatus.Completed);

        var first = await (await client.GetAsync("/api/v1/batches?pageSize=1")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(await Batches.CountAsync(), first["total"]!.GetValue<int>());
        Assert.True(first["items"]![0]!["id"]!.GetValue<long>() >= newer);
        var next = first["next"]!.GetValue<string>();
        Assert.Contains("page=2", next);
        var all = await (await client.GetAsync("/api/v1/batches?pageSize=500")).JsonAsync(HttpStatusCode.OK);
        var ids = all["items"]!.AsArray().Select(item => item!["id"]!.GetValue<long>()).ToList();
        Assert.True(ids.IndexOf(newer) < ids.IndexOf(older));
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task A_failed_batch_is_retried_with_202_and_its_failed_jobs_run_again()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var (product, sku) = await ProductAsync(client);
        fixture.Failing[product] = true;
        var started = await (await client.PostJsonAsync("/api/v1/batches", new { marketplace = "demo", skus = new[] { sku } })).JsonAsync(HttpStatusCode.Accepted);
        var id = started["batch"]!["id"]!.GetValue<long>();
        Assert.Equal(BatchStatus.Failed, (await EndedAsync(id)).Status);

        var response = await client.PostAsync($"/api/v1/batches/{id}/retry", null);

        var retried = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/batches/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(0, retried["batch"]!["failedJobs"]!.GetValue<int>());
        Assert.Null(retried["batch"]!["finishedAt"]);
        // The job ran again, and failed again as scripted: the retry reached the engine.
        Assert.Equal(BatchStatus.Failed, (await EndedAsync(id)).Status);
        var job = await App.Services.QueryAsync(db => db.MarketplaceJobs.AsNoTracking().SingleAsync(job => job.BatchId == id));
        Assert.Equal(MarketplaceJobStatus.Failed, job.Status);
    }

    [Fact]
    public async Task A_retry_of_a_batch_that_has_not_ended_or_has_nothing_failed_is_a_conflict()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var running = await BatchAsync(BatchStatus.Running);
        var completed = await BatchAsync(BatchStatus.Completed);

        Assert.Contains("retry it once it has ended", await (await client.PostAsync($"/api/v1/batches/{running}/retry", null)).ProblemAsync(HttpStatusCode.Conflict));
        Assert.Contains("no failed or cancelled jobs", await (await client.PostAsync($"/api/v1/batches/{completed}/retry", null)).ProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_running_batch_is_cancelled_with_202_and_an_ended_one_is_a_conflict()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var (_, sku) = await ProductAsync(client);
        var started = await (await client.PostJsonAsync("/api/v1/batches", new { marketplace = "demo", skus = new[] { sku } })).JsonAsync(HttpStatusCode.Accepted);
        var id = started["batch"]!["id"]!.GetValue<long>();

        var response = await client.PostAsync($"/api/v1/batches/{id}/cancel", null);

        await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/batches/{id}", response.Headers.Location?.OriginalString);
        Assert.True((await Batches.GetAsync(id)).CancelRequested);
        var ended = await BatchAsync(BatchStatus.Completed);
        Assert.Contains("already ended", await (await client.PostAsync($"/api/v1/batches/{ended}/cancel", null)).ProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task An_unknown_batch_answers_404_to_a_read_a_retry_and_a_cancel()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);

        Assert.Contains("999999", await (await client.GetAsync("/api/v1/batches/999999")).ProblemAsync(HttpStatusCode.NotFound));
        Assert.Contains("999999", await (await client.PostAsync("/api/v1/batches/999999/retry", null)).ProblemAsync(HttpStatusCode.NotFound));
        Assert.Contains("999999", await (await client.PostAsync("/api/v1/batches/999999/cancel", null)).ProblemAsync(HttpStatusCode.NotFound));
    }
}

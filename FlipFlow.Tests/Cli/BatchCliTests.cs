using System.Text.Json;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>products</c>, <c>batch</c> and <c>marketplace</c> verbs, each invocation in a host of its own.</summary>
[Trait("Category", "Integration")]
public sealed class BatchCliTests() : CliTest(migrate: true, ("Marketplaces:Demo:Market:FailureRate", "0.05"), ("Orchestration:RetryInitialSeconds", "0.05"))
{
    [Fact]
    public async Task Publishing_all_demo_products_with_wait_ends_completed_and_the_status_shows_them_live()
    {
        var (exit, output, _) = await RunAsync("products", "import-demo", "--count", "30");
        Assert.Equal((FlipFlowCli.Ok, "Created 30 demo products (0 already there)."), (exit, output.Trim()));
        Assert.Contains("(30 already there)", (await RunAsync("products", "import-demo", "--count", "30")).Output);

        var batch = await JsonAsync("batch", "publish", "--marketplace", "demo", "--all", "--wait", "--json");

        Assert.Equal("Completed", batch.GetProperty("status").GetString());
        Assert.Equal(30, batch.GetProperty("totalJobs").GetInt32());
        Assert.Equal(30, batch.GetProperty("succeededJobs").GetInt32());
        Assert.Equal(1.0, batch.GetProperty("progress").GetDouble());
        var demo = (await JsonAsync("marketplace", "status", "--json")).EnumerateArray().Single(row => row.GetProperty("marketplace").GetString() == "demo");
        Assert.Equal("Connected", demo.GetProperty("connection").GetString());
        Assert.Equal(30, demo.GetProperty("listings").GetProperty("active").GetInt32());

        var id = batch.GetProperty("id").GetInt64();
        var listed = await JsonAsync("batch", "list", "--json");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetInt64());
        var shown = await JsonAsync("batch", "show", id.ToString(), "--json");
        var jobs = shown.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(30, jobs.Count);
        Assert.All(jobs, job =>
        {
            Assert.Equal("Completed", job.GetProperty("status").GetString());
            Assert.StartsWith("demo-", job.GetProperty("remoteId").GetString());
            Assert.Equal(["Validate", "MapData", "CreateListing", "SaveResult"], job.GetProperty("tasks").EnumerateArray().Select(task => task.GetProperty("name").GetString()));
        });

        // Everything is live already: nothing to publish, said plainly.
        var (again, _, refusal) = await RunAsync("batch", "publish", "--marketplace", "demo", "--sku", "WOTF-EX-001-NM");
        Assert.Equal(FlipFlowCli.Failed, again);
        Assert.Contains("already live on Demo", refusal);
    }

    [Fact]
    public async Task A_batch_that_fails_can_be_retried_and_a_finished_one_not_cancelled()
    {
        await RunAsync("products", "import-demo", "--count", "3");
        // eBay is not connected, so every job fails with that message.
        var (exit, output, _) = await RunAsync("batch", "publish", "--marketplace", "ebay", "--sku", "WOTF-EX-001-NM", "WOTF-EX-002-NM", "--wait", "--json");
        Assert.Equal(FlipFlowCli.Failed, exit);
        var batch = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("Failed", 2), (batch.GetProperty("status").GetString(), batch.GetProperty("failedJobs").GetInt32()));
        var id = batch.GetProperty("id").GetInt64().ToString();
        var (_, shown, _) = await RunAsync("batch", "show", id);
        Assert.Contains("WOTF-EX-001-NM", shown);

        var (retried, retryOutput, _) = await RunAsync("batch", "retry", id);
        Assert.Equal(FlipFlowCli.Ok, retried);
        Assert.Contains("2 jobs to run again", retryOutput);
        var (cancelled, cancelOutput, _) = await RunAsync("batch", "cancel", id);
        Assert.Equal(FlipFlowCli.Ok, cancelled);
        Assert.Contains("is being cancelled", cancelOutput);
        var after = await JsonAsync("batch", "show", id, "--json");
        Assert.Equal("Cancelled", after.GetProperty("batch").GetProperty("status").GetString());
        Assert.Equal((FlipFlowCli.Failed, $"Batch {id} had already ended."), await CancelAgainAsync(id));
    }

    private async Task<(int, string)> CancelAgainAsync(string id)
    {
        var (exit, output, _) = await RunAsync("batch", "cancel", id);
        return (exit, output.Trim());
    }

    [Theory]
    [InlineData("batch publish --marketplace demo", "Give either --all or at least one --sku.")]
    [InlineData("batch publish --marketplace amazon --all", "amazon")]
    [InlineData("products import-demo --count 0", "--count must be between 1 and 2185")]
    public async Task Usage_errors_exit_2_and_say_what_is_wrong(string command, string message)
    {
        var (exit, _, error) = await RunAsync(command.Split(' '));
        Assert.Equal(FlipFlowCli.UsageError, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task An_unknown_batch_exits_1_and_names_it()
    {
        var (exit, _, error) = await RunAsync("batch", "show", "4242");
        Assert.Equal(FlipFlowCli.Failed, exit);
        Assert.Contains("There is no batch 4242.", error);
    }

    [Fact]
    public async Task Batch_publish_refuses_a_SKU_with_an_invisible_character_naming_it_with_exit_2()
    {
        var (exit, _, error) = await RunAsync("batch", "publish", "--marketplace", "demo", "--sku", "WOTF\u200B-EX-001-NM");

        Assert.Equal(FlipFlowCli.UsageError, exit);
        Assert.Contains("U+200B ZERO WIDTH SPACE at position 5", error);
    }
}


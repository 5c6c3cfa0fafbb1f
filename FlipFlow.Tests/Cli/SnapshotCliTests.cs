using System.Globalization;
using System.Text.Json;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>snapshots</c> verbs, each invocation in a host of its own, on today's real date.</summary>
[Trait("Category", "Integration")]
public sealed class SnapshotCliTests : CliTest
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task ListAsync(int count)
    {
        using var host = TestHost.Build(Database);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        var listedAt = DateTimeOffset.UtcNow.AddDays(-30);
        for (var number = 1; number <= count; number++)
        {
            db.Listings.Add(new Listing
            {
                Product = new Product { Sku = $"CLI-{number}", Title = $"Card {number}", Price = 3m, Quantity = 1, CreatedAt = listedAt, UpdatedAt = listedAt },
                Marketplace = Marketplace.Demo,
                Status = ListingStatus.Active,
                Price = 3m,
                Quantity = 1,
                ListedAt = listedAt,
                Views = number,
                CreatedAt = listedAt,
                UpdatedAt = listedAt,
            });
        }
        await db.SaveChangesAsync();
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Collect_with_a_date_writes_the_days_snapshots_and_a_rerun_replaces_them()
    {
        await ListAsync(3);
        var day = Today.AddDays(-3);

        var (exit, output, error) = await RunAsync("snapshots", "collect", "--date", Text(day));

        Assert.True(exit == FlipFlowCli.Ok, $"collect exited {exit}: {error}");
        Assert.Matches($@"^Collected 3 snapshots for {Text(day)} in \d+\.\d s$", output.Trim());
        // A past day is recorded as the listings are now: said on standard error, not hidden.
        Assert.Contains("as they are now", error);

        var (again, json, _) = await RunAsync("snapshots", "collect", "--date", Text(day), "--json");
        Assert.Equal(FlipFlowCli.Ok, again);
        var report = JsonDocument.Parse(json).RootElement;
        Assert.Equal(Text(day), report.GetProperty("date").GetString());
        Assert.Equal((3, 3, 3, 1), (report.GetProperty("snapshots").GetInt32(), report.GetProperty("activeListings").GetInt32(),
            report.GetProperty("replaced").GetInt32(), report.GetProperty("totals").GetInt32()));
        Assert.True(report.GetProperty("durationSeconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task Collect_without_a_date_collects_yesterday()
    {
        await ListAsync(1);

        var (exit, output, error) = await RunAsync("snapshots", "collect");

        Assert.True(exit == FlipFlowCli.Ok, $"collect exited {exit}: {error}");
        Assert.StartsWith($"Collected 1 snapshot for {Text(Today.AddDays(-1))} in ", output.Trim());
        Assert.DoesNotContain("as they are now", error);
    }

    [Theory]
    [InlineData("2999-01-01", "--date 2999-01-01 is in the future")]
    [InlineData("21/11/2026", "--date must be a day as yyyy-MM-dd")]
    public async Task A_day_in_the_future_or_not_a_date_is_a_usage_error(string date, string message)
    {
        var (exit, output, error) = await RunAsync("snapshots", "collect", "--date", date);

        Assert.Equal(FlipFlowCli.UsageError, exit);
        Assert.Contains(message, error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Tomorrow_is_a_usage_error_naming_today()
    {
        var (exit, _, error) = await RunAsync("snapshots", "collect", "--date", Text(Today.AddDays(1)));

        Assert.Equal(FlipFlowCli.UsageError, exit);
        Assert.Contains($"the latest day that can be collected is today, {Text(Today)}", error);
    }
}

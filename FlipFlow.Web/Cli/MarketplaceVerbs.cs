using System.CommandLine;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Batches;

namespace FlipFlow.Web.Cli;

/// <summary><c>marketplace status [--json]</c>.</summary>
public static class MarketplaceVerbs
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var status = new Command("status", "Each marketplace's connection and FlipFlow's listings on it by status.") { json };
        status.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var statuses = await host.Services.GetRequiredService<MarketplaceOverview>().ListAsync(cancellationToken);
            var rows = statuses.Select(status =>
            {
                var (connection, listings) = (status.Connection, status.Listings);
                return new MarketplaceRow(connection.Marketplace.Key(), connection.Marketplace.DisplayName(), connection.Health,
                    connection.LastCallAt, connection.LastError,
                    new ListingsByStatus(listings.Draft, listings.Active, listings.Ended, listings.Sold));
            }).ToList();
            if (parsed.GetValue(json))
            {
                context.WriteJson(rows);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{"Marketplace",-12}  {"Connection",-14}  {"Active",7}  {"Draft",7}  {"Ended",7}  {"Sold",7}");
            foreach (var row in rows)
            {
                context.Output.WriteLine($"{row.Name,-12}  {row.Connection.Describe(),-14}  {row.Listings.Active,7}  {row.Listings.Draft,7}  {row.Listings.Ended,7}  {row.Listings.Sold,7}");
            }
            return FlipFlowCli.Ok;
        });
        return new Command("marketplace", "Marketplace connections and listings.") { status };
    }

    /// <summary>One marketplace in <c>marketplace status --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record MarketplaceRow(string Marketplace, string Name, ConnectionHealth Connection, DateTimeOffset? LastCallAt, string? LastError,
        ListingsByStatus Listings);

    public sealed record ListingsByStatus(int Draft, int Active, int Ended, int Sold);
}

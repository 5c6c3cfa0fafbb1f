using System.CommandLine;
using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Ingest;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Market;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>ingest url &lt;url&gt; [--wait] [--json]</c> and <c>ingest bulk &lt;file&gt; [--wait] [--json]</c> import listings from their
/// addresses; <c>ingest show &lt;id&gt;</c>, <c>ingest list</c>, <c>ingest retry &lt;id&gt;</c> and <c>ingest cancel &lt;id&gt;</c> follow them.
/// With <c>--wait</c> and no FlipFlow process running jobs, this one fetches the addresses.
/// </summary>
public static class IngestVerbs
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static Command Create(CliContext context) =>
        new("ingest", "Import market listings from their addresses: eBay item pages and shop pages with schema.org, Open Graph or microdata.")
        {
            Url(context), Bulk(context), Show(context), List(context), Retry(context), Cancel(context),
        };

    private static Option<bool> Json() => new("--json") { Description = "Write JSON for scripts." };

    private static Option<bool> Wait() => new("--wait")
    {
        Description = "Wait until every address has ended; exit 0 only if each gave a listing. When no FlipFlow process runs jobs, this one fetches them.",
    };

    private static Command Url(CliContext context)
    {
        var url = new Argument<string>("url") { Description = "The listing's address (http or https)." };
        var priority = new Option<int>("--priority") { Description = $"0 (default) to {IngestSessions.MaxPriority}: above 0, fetched by workers of its own." };
        var (wait, json) = (Wait(), Json());
        var command = new Command("url", "Import one listing from its address; prints the import, and with --wait its listing.") { url, priority, wait, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var session = await host.Services.GetRequiredService<IngestSessions>()
                .StartSingleAsync(parsed.GetValue(url)!, parsed.GetValue(priority), User, cancellationToken);
            return await FinishAsync(context, host.Services, parsed, session.Id, parsed.GetValue(wait), parsed.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static Command Bulk(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV file with a 'url' column, or a .json file: [{\"url\": ...}]. At most 1,000 addresses." };
        var priority = new Option<int>("--priority") { Description = $"0 (default) to {IngestSessions.MaxPriority}." };
        var (wait, json) = (Wait(), Json());
        var command = new Command("bulk", "Import many listings from a file of addresses; lines that are no address are listed and skipped.")
        {
            file, priority, wait, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var path = parsed.GetValue(file)!;
            if (!path.Exists)
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync($"There is no file {path.FullName}.");
                return FlipFlowCli.Failed;
            }
            var text = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            var list = path.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? IngestAddresses.ParseJson(text) : IngestAddresses.ParseCsv(text);
            using var host = await context.BuildMigratedHostAsync();
            var started = await host.Services.GetRequiredService<IngestSessions>()
                .StartBulkAsync(list, path.Name, parsed.GetValue(priority), User, cancellationToken);
            var log = parsed.InvocationConfiguration.Error;
            foreach (var line in started.Invalid.Take(20))
            {
                await log.WriteLineAsync($"Line {line.Row}{(line.Column is { } column ? $", column {column}" : "")} skipped: {line.Error}");
            }
            if (started.Invalid.Count > 20)
            {
                await log.WriteLineAsync($"… and {started.Invalid.Count - 20} more lines skipped.");
            }
            if (started.Duplicates.Count > 0)
            {
                await log.WriteLineAsync($"{started.Duplicates.Count} line(s) repeat an earlier address; each address is fetched once.");
            }
            return await FinishAsync(context, host.Services, parsed, started.Session.Id, parsed.GetValue(wait), parsed.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The import's id." };
        var status = new Option<IngestItemStatus?>("--status") { Description = "Only the addresses with this status: Queued, Running, Retrying, Succeeded, Partial or Failed." };
        var json = Json();
        var command = new Command("show", "Prints an import's progress and its addresses with their status, listing and error.") { id, status, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var bulk = await ReadAsync(host.Services, parsed.GetValue(id), parsed.GetValue(status), 0, int.MaxValue, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(bulk);
                return FlipFlowCli.Ok;
            }
            WriteText(context, bulk.Session);
            foreach (var row in bulk.Rows)
            {
                context.Output.WriteLine($"  {row.Row,5} {row.Status,-9} {row.Url}" + (row.ListingId is { } listing ? $" -> listing {listing}" : "")
                    + (row.Error is { } error ? $"  ({error})" : ""));
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = "How many imports, newest first (default 20).", DefaultValueFactory = _ => 20 };
        var json = Json();
        var command = new Command("list", "The imports from addresses, newest first.") { limit, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (sessions, _) = await host.Services.GetRequiredService<IngestSessions>().ListAsync(0, parsed.GetValue(limit), cancellationToken);
            var rows = sessions.Select(SessionRow.From).ToList();
            if (parsed.GetValue(json))
            {
                context.WriteJson(rows);
                return FlipFlowCli.Ok;
            }
            rows.ForEach(row => WriteText(context, row));
            context.Output.WriteLine($"{rows.Count} import(s).");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Retry(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The import's id." };
        var item = new Option<long?>("--row-id") { Description = "Only this address (its id in 'ingest show --json')." };
        var (wait, json) = (Wait(), Json());
        var command = new Command("retry", "Fetches an import's failed addresses again.") { id, item, wait, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var count = await host.Services.GetRequiredService<IngestSessions>().RetryAsync(parsed.GetValue(id), parsed.GetValue(item), cancellationToken);
            await parsed.InvocationConfiguration.Error.WriteLineAsync($"{count} address(es) queued again.");
            return await FinishAsync(context, host.Services, parsed, parsed.GetValue(id), parsed.GetValue(wait), parsed.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static Command Cancel(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The import's id." };
        var command = new Command("cancel", "Stops an import: its addresses not yet fetched fail as cancelled.") { id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var count = await host.Services.GetRequiredService<IngestSessions>().CancelAsync(parsed.GetValue(id), User, cancellationToken);
            context.Output.WriteLine($"Import {parsed.GetValue(id)}: {count} address(es) cancelled.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static string User => "cli:" + Environment.UserName;

    /// <summary>Prints the import as queued, or waits for it to end and prints it with its rows; a single import with its listing.</summary>
    private static async Task<int> FinishAsync(CliContext context, IServiceProvider services, ParseResult parsed, long sessionId, bool wait, bool json,
        CancellationToken cancellationToken)
    {
        if (wait)
        {
            await WaitAsync(services, sessionId, parsed.InvocationConfiguration.Error, cancellationToken);
        }
        else if (!await services.GetRequiredService<IJobScheduler>().IsRunningElsewhereAsync(cancellationToken))
        {
            await parsed.InvocationConfiguration.Error.WriteLineAsync(
                "No FlipFlow process is running jobs now; the addresses are fetched when one starts (or use --wait to fetch them here).");
        }
        var bulk = await ReadAsync(services, sessionId, null, 0, int.MaxValue, cancellationToken);
        var job = bulk.Session.Kind == nameof(IngestKind.Single) ? await JobAsync(services, bulk, cancellationToken) : null;
        if (json)
        {
            if (job is not null)
            {
                context.WriteJson(job);
            }
            else
            {
                context.WriteJson(bulk);
            }
        }
        else
        {
            WriteText(context, bulk.Session);
            if (job?.Listing is { } listing)
            {
                context.Output.WriteLine($"Listing {listing.Id}: {listing.Title} — {listing.Price:0.00} {listing.Currency}" +
                    (listing.Seller is { } seller ? $", sold by {seller}" : "") + $" ({listing.Platform}, {listing.Status})");
            }
            foreach (var row in bulk.Rows.Where(row => row.Error is not null && row.Status == nameof(IngestItemStatus.Failed)).Take(50))
            {
                context.Output.WriteLine($"  line {row.Row}: {row.Url}: {row.Error}");
            }
        }
        return !wait || bulk.Session.Status == nameof(IngestStatus.Complete) ? FlipFlowCli.Ok : FlipFlowCli.Failed;
    }

    private static async Task WaitAsync(IServiceProvider services, long sessionId, TextWriter log, CancellationToken cancellationToken)
    {
        var sessions = services.GetRequiredService<IngestSessions>();
        var scheduler = services.GetRequiredService<IJobScheduler>();
        await using var here = new SchedulerHere(services);
        var lastReport = DateTimeOffset.UtcNow;
        while (true)
        {
            var session = await sessions.GetAsync(sessionId, cancellationToken)
                ?? throw new IngestException($"There is no import {sessionId}.", Domain.Common.Refusal.NotFound);
            if (session.Status is IngestStatus.Complete or IngestStatus.Partial or IngestStatus.Failed)
            {
                return;
            }
            if (!here.IsStarted && !await scheduler.IsRunningElsewhereAsync(cancellationToken))
            {
                await log.WriteLineAsync("No other FlipFlow process is running jobs, so this one fetches the addresses.");
                await here.StartAsync(cancellationToken);
            }
            if (DateTimeOffset.UtcNow - lastReport >= ProgressInterval)
            {
                await log.WriteLineAsync($"Import {sessionId}: {session.Done} of {session.Total} addresses done ({session.Failed} failed)");
                lastReport = DateTimeOffset.UtcNow;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static void WriteText(CliContext context, SessionRow session) =>
        context.Output.WriteLine($"Import {session.Id} ({session.Kind}, by {session.CreatedBy}): {session.Status}; " +
            $"{session.Progress.Complete} of {session.Progress.Total} done: {session.Progress.Success} succeeded, {session.Progress.Partial} partial, " +
            $"{session.Progress.Failed} failed" + (session.Duplicates + session.Invalid > 0 ? $"; {session.Duplicates} repeated and {session.Invalid} invalid line(s) skipped" : ""));

    /// <summary>An import's progress and one page of its rows, or refused when there is no such import.</summary>
    internal static async Task<BulkStatus> ReadAsync(IServiceProvider services, long sessionId, IngestItemStatus? status, int offset, int limit,
        CancellationToken cancellationToken)
    {
        var sessions = services.GetRequiredService<IngestSessions>();
        var session = await sessions.GetAsync(sessionId, cancellationToken)
            ?? throw new IngestException($"There is no import {sessionId}.", Domain.Common.Refusal.NotFound);
        var page = await sessions.ItemsAsync(sessionId, status, offset, limit, cancellationToken);
        return new BulkStatus(SessionRow.From(session), [.. page.Items.Select(ItemRow.From)], offset, page.Total);
    }

    /// <summary>A single import: its one address and, once read, its listing.</summary>
    internal static async Task<SingleStatus> JobAsync(IServiceProvider services, BulkStatus bulk, CancellationToken cancellationToken)
    {
        var item = bulk.Rows.FirstOrDefault();
        var listing = item?.ListingId is { } id ? await services.GetRequiredService<MarketListingDetails>().GetAsync(id, cancellationToken) : null;
        return new SingleStatus(bulk.Session, item, listing is null ? null : ListingRow.From(listing));
    }

    /// <summary>An import in <c>ingest list --json</c> and the API; scripts rely on it, so only add to it.</summary>
    public sealed record SessionRow(long Id, string Kind, string Status, int Priority, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
        string? FileName, ProgressRow Progress, int Duplicates, int Invalid)
    {
        public static SessionRow From(IngestSession session) => new(session.Id, session.Kind.ToString(), session.Status.ToString(), session.Priority,
            session.CreatedBy, session.CreatedAt, session.FinishedAt, session.FileName,
            new ProgressRow(session.Total, session.Done, session.Succeeded, session.Partial, session.Failed), session.Duplicates, session.Invalid);
    }

    /// <summary>How far an import is: of <see cref="Total"/> addresses, <see cref="Complete"/> have ended, as success, partial or failed.</summary>
    public sealed record ProgressRow(int Total, int Complete, int Success, int Partial, int Failed);

    /// <summary>One address of an import.</summary>
    public sealed record ItemRow(long Id, int Row, string Url, string CanonicalUrl, string Status, long? ListingId, string? Error, int Attempts,
        string? Adapter, int? AdapterVersion, double? Quality, IReadOnlyList<string> Found, DateTimeOffset? FinishedAt, DateTimeOffset? NextAttemptAt)
    {
        public static ItemRow From(IngestItem item) => new(item.Id, item.Row, item.Url, item.CanonicalUrl, item.Status.ToString(), item.MarketListingId,
            item.Error, item.Attempts, item.Adapter, item.AdapterVersion, item.Quality,
            item.Found?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [], item.FinishedAt, item.NextAttemptAt);
    }

    /// <summary>A market listing as an import read it.</summary>
    public sealed record ListingRow(long Id, string Platform, string ExternalId, string? Url, string Title, decimal Price, string Currency, string Status,
        string? Condition, string? SellerText, string? Seller, long? SellerId, IReadOnlyList<string> Images, int? CardId, string? Card, string? Treatment,
        DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, DateTimeOffset? LastModifiedAt, int PriceChanges)
    {
        public static ListingRow From(MarketListingDetail detail)
        {
            var listing = detail.Listing;
            return new ListingRow(listing.Id, listing.Platform.ToString(), listing.ExternalId, listing.Url, listing.Title, listing.Price, listing.Currency,
                listing.Status.ToString(), listing.Condition, listing.SellerText, detail.SellerName, listing.SellerId, detail.Images, listing.CardId,
                detail.CardName, listing.Treatment, listing.FirstSeenAt, listing.LastSeenAt, listing.LastModifiedAt, detail.PriceChanges);
        }
    }

    /// <summary>An import's status with one page of its rows (<c>GET /api/v1/ingest/bulk/{id}</c>, <c>ingest show --json</c>).</summary>
    public sealed record BulkStatus(SessionRow Session, IReadOnlyList<ItemRow> Rows, int Offset, int TotalRows);

    /// <summary>A single import's status with its listing once read (<c>GET /api/v1/ingest/{id}</c>, <c>ingest url --json</c>).</summary>
    public sealed record SingleStatus(SessionRow Session, ItemRow? Item, ListingRow? Listing);
}

using System.CommandLine;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Market.Sources;
using FlipFlow.Infrastructure.Marketplaces;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>market-source status [--json]</c>, <c>market-source connect &lt;source&gt; --set Field=value… [--json]</c> and
/// <c>market-source disconnect &lt;source&gt; [--json]</c>: the market sources' connections, as an Admin sets them on
/// the Marketplaces page. A secret given as <c>-</c> is read from standard input, so it need not sit in the shell's history.
/// </summary>
public static class MarketSourceVerbs
{
    public static Command Create(CliContext context)
    {
        var statusJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var status = new Command("status", "Each market source's connection: state, access note, last read and error.") { statusJson };
        status.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var rows = (await host.Services.GetRequiredService<MarketSourceConnections>().ListAsync(cancellationToken)).Select(Row).ToList();
            if (parsed.GetValue(statusJson))
            {
                context.WriteJson(rows);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"{"Source",-14}  {"Name",-26}  {"Connection",-14}  Note");
            foreach (var row in rows)
            {
                context.Output.WriteLine($"{row.Source,-14}  {row.Name,-26}  {row.Connection.Describe(),-14}  {row.AccessNote ?? row.LastError ?? ""}");
            }
            return FlipFlowCli.Ok;
        });

        var source = new Argument<string>("source") { Description = "ebaybrowse, ebayinsights or blokpax." };
        var set = new Option<string[]>("--set") { Description = "A field's value as Field=value; repeat it. A secret's value '-' is read from standard input.", AllowMultipleArgumentsPerToken = false };
        var connectJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var connect = new Command("connect", "Saves a market source's connection fields and enables it; a secret left out keeps the one saved.") { source, set, connectJson };
        connect.SetAction(async (parsed, cancellationToken) =>
        {
            var kind = KindOf(parsed.GetValue(source)!);
            using var host = await context.BuildMigratedHostAsync();
            var connections = host.Services.GetRequiredService<MarketSourceConnections>();
            var descriptor = connections.Describe(kind);
            var values = new Dictionary<string, string?>();
            foreach (var pair in parsed.GetValue(set) ?? [])
            {
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                var name = at > 0 ? pair[..at] : pair;
                var field = descriptor.Fields.FirstOrDefault(field => string.Equals(field.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new InvalidOperationException(
                        $"{descriptor.DisplayName} has no field '{name}': its fields are {string.Join(", ", descriptor.Fields.Select(field => field.Name))}.");
                var value = at > 0 ? pair[(at + 1)..] : "";
                values[field.Name] = field.Secret && value == "-" ? Console.In.ReadLine() : value;
            }
            try
            {
                await connections.SaveAsync(kind, values, Environment.UserName, cancellationToken);
            }
            catch (ConnectionValidationException invalid)
            {
                throw new InvalidOperationException($"{descriptor.DisplayName} was not saved. {invalid.Message}");
            }
            var row = Row(await connections.GetAsync(kind, cancellationToken));
            if (parsed.GetValue(connectJson))
            {
                context.WriteJson(row);
            }
            else
            {
                context.Output.WriteLine($"{descriptor.DisplayName} saved: the next market scan reads it.");
            }
            return FlipFlowCli.Ok;
        });

        var disconnectSource = new Argument<string>("source") { Description = "ebaybrowse, ebayinsights or blokpax." };
        var disconnectJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var disconnect = new Command("disconnect", "Forgets a market source's settings and secrets; it is no longer read.") { disconnectSource, disconnectJson };
        disconnect.SetAction(async (parsed, cancellationToken) =>
        {
            var kind = KindOf(parsed.GetValue(disconnectSource)!);
            using var host = await context.BuildMigratedHostAsync();
            var connections = host.Services.GetRequiredService<MarketSourceConnections>();
            await connections.DisconnectAsync(kind, cancellationToken);
            var row = Row(await connections.GetAsync(kind, cancellationToken));
            if (parsed.GetValue(disconnectJson))
            {
                context.WriteJson(row);
            }
            else
            {
                context.Output.WriteLine($"{connections.Describe(kind).DisplayName} disconnected.");
            }
            return FlipFlowCli.Ok;
        });

        return new Command("market-source", "The market sources' connections (eBay Browse, eBay Marketplace Insights, Blokpax).") { status, connect, disconnect };
    }

    /// <summary>The sources that take a connection, by the key the command line, the API and the page use.</summary>
    public static MarketSourceKind KindOf(string key) =>
        Enum.TryParse<MarketSourceKind>(key, ignoreCase: true, out var kind) && kind != MarketSourceKind.Demo && Enum.IsDefined(kind)
            ? kind
            : throw new InvalidOperationException($"'{key}' is not a market source to connect: ebaybrowse, ebayinsights or blokpax.");

    private static SourceRow Row(MarketSourceState state) => new(state.Kind.ToString().ToLowerInvariant(), state.Descriptor.DisplayName, state.Health,
        state.Settings, state.SecretsSet, state.AccessNote, state.LastCallAt, state.LastSuccessAt, state.LastError, state.UpdatedAt, state.UpdatedBy);

    /// <summary>One source in the verbs' JSON: its settings and which secrets are set, never a secret's value. Only add to it.</summary>
    public sealed record SourceRow(string Source, string Name, ConnectionHealth Connection, IReadOnlyDictionary<string, string> Settings,
        IReadOnlyCollection<string> SecretsSet, string? AccessNote, DateTimeOffset? LastReadAt, DateTimeOffset? LastSuccessAt, string? LastError,
        DateTimeOffset? UpdatedAt, string? UpdatedBy);
}

using FlipFlow.Domain.ApiKeys;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Cli;

/// <summary>
/// The command-line verbs of the FlipFlow executable. Each verb builds the same services the console
/// uses, without the web server, and calls one feature service. Exit codes: 0 done, 1 failed, 2 usage error.
/// </summary>
public static class FlipFlowCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>True when the arguments name a verb (or ask for help) rather than configure the server.</summary>
    public static bool IsInvocation(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h" or "-?" or "--version");

    /// <param name="configuration">Settings that override appsettings.json and the environment (the tests use it).</param>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? configuration = null,
        TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var context = new CliContext(configuration ?? new Dictionary<string, string?>(), output);
        var root = new RootCommand("FlipFlow: the operations console for resellers. Without a verb, it serves the console.")
        {
            DbVerbs.Create(context),
            UserVerbs.Create(context),
            ApiKeysVerbs.Create(context),
            JobVerbs.Create(context),
            ProductVerbs.Create(context),
            BatchVerbs.Create(context),
            MarketplaceVerbs.Create(context),
            MarketSourceVerbs.Create(context),
            MarketVerbs.Create(context),
            SellerVerbs.Create(context),
            ScannerVerbs.Create(context),
            ScannerVerbs.Cards(context),
            CatalogVerbs.Create(context),
            StatsVerbs.Create(context),
            ZombieVerbs.Create(context),
            SnapshotVerbs.Create(context),
            InventoryVerbs.Create(context),
            SupplyVerbs.Create(context),
            AlertVerbs.Create(context),
            RunLogVerbs.Create(context),
            QualityVerbs.Create(context),
            IngestVerbs.Create(context),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }
            await error.WriteLineAsync("Run with --help to see the verbs and their options.");
            return UsageError;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception) when (exception is AccountRuleException or ApiKeyRuleException or UnknownMigrationException or InvalidOperationException
            or Infrastructure.Imports.ImportActionException or Infrastructure.Skus.SkuActionException or Infrastructure.Alerts.AlertChannelException
            or Infrastructure.Quality.QualityFixException or Infrastructure.Ingest.IngestException)
        {
            await error.WriteLineAsync(exception.Message);
            return Failed;
        }
    }
}

/// <summary>What every verb needs: the settings to build services from, and where to write.</summary>
public sealed class CliContext(IReadOnlyDictionary<string, string?> configuration, TextWriter output)
{
    public TextWriter Output { get; } = output;

    /// <summary>The console's services, without its web server, hosted services or start-up migration.</summary>
    public IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = WebHost.ContentRoot() });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // Verbs print their own results; only warnings and errors go to the log (standard error).
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Services.AddFlipFlowCore(builder.Configuration);
        return builder.Build();
    }

    public void WriteJson<T>(T value) => Output.WriteLine(JsonSerializer.Serialize(value, FlipFlowCli.Json));

    /// <summary>
    /// <see cref="BuildHost"/> for verbs that need the schema: says plainly that a migration is pending
    /// instead of failing on a missing table.
    /// </summary>
    public async Task<IHost> BuildMigratedHostAsync()
    {
        var host = BuildHost();
        var status = await host.Services.GetRequiredService<DatabaseMigrator>().GetStatusAsync();
        if (status.PendingMigrations.Count > 0)
        {
            host.Dispose();
            throw new InvalidOperationException(
                $"The database at {status.Location} has {status.PendingMigrations.Count} pending migration(s); run 'db migrate' first.");
        }
        return host;
    }
}

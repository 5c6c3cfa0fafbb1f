using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Database;

/// <summary>What the database holds now: where it is, whether it answers, and which migrations are applied.</summary>
public sealed record DatabaseStatus(
    DatabaseProvider Provider,
    string Location,
    bool Reachable,
    string? Error,
    IReadOnlyList<string> AppliedMigrations,
    IReadOnlyList<string> PendingMigrations);

/// <summary>The migrations one <see cref="DatabaseMigrator.MigrateAsync"/> call applied or reverted, in order.</summary>
public sealed record MigrationOutcome(IReadOnlyList<string> Applied, IReadOnlyList<string> Reverted);

/// <summary>Thrown for a <c>--to</c> target that names no migration.</summary>
public sealed class UnknownMigrationException(string target, IEnumerable<string> known)
    : Exception($"No migration is called '{target}'. Known migrations: {string.Join(", ", known)}; '0' reverts them all.");

/// <summary>Applies and reverts migrations and reports the database's state, for start-up, the CLI, /health and the System page.</summary>
public sealed class DatabaseMigrator(
    IDbContextFactory<FlipFlowDbContext> contexts,
    DatabaseSettings settings,
    ILogger<DatabaseMigrator> logger)
{
    /// <summary>The target that reverts every migration, as dotnet-ef spells it.</summary>
    public const string Empty = "0";

    public async Task<DatabaseStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var all = db.Database.GetMigrations().ToList();
        if (settings.Provider == DatabaseProvider.Sqlite && !File.Exists(settings.Location))
        {
            return new DatabaseStatus(settings.Provider, settings.Location, false,
                "The database file does not exist yet; it is created by 'db migrate' or at start.", [], all);
        }
        try
        {
            var applied = await AppliedAsync(db, cancellationToken);
            return new DatabaseStatus(settings.Provider, settings.Location, true, null, applied, all.Except(applied).ToList());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new DatabaseStatus(settings.Provider, settings.Location, false, exception.Message, [], all);
        }
    }

    /// <summary>
    /// Brings the schema to <paramref name="target"/> (a migration's name or id, or <see cref="Empty"/>),
    /// or to the newest migration when it is null. Going back runs each migration's Down.
    /// </summary>
    public async Task<MigrationOutcome> MigrateAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(settings.Location)!);
        }
        await using var db = contexts.CreateDbContext();
        var all = db.Database.GetMigrations().ToList();
        var targetId = target is null ? all.LastOrDefault() ?? Empty : Resolve(target, all);
        var before = await AppliedAsync(db, cancellationToken);

        await db.GetService<IMigrator>().MigrateAsync(targetId, cancellationToken);

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the console read while jobs write; the mode is stored in the file, so once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var after = await AppliedAsync(db, cancellationToken);
        var outcome = new MigrationOutcome(after.Except(before).ToList(), before.Except(after).Reverse().ToList());
        foreach (var id in outcome.Applied)
        {
            logger.LogInformation("Applied migration {Migration}", id);
        }
        foreach (var id in outcome.Reverted)
        {
            logger.LogInformation("Reverted migration {Migration}", id);
        }
        return outcome;
    }

    /// <summary>The applied migrations; none, without a failed query in the log, while the history table does not exist.</summary>
    private static async Task<List<string>> AppliedAsync(FlipFlowDbContext db, CancellationToken cancellationToken) =>
        await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
            ? (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList()
            : [];

    private static string Resolve(string target, IReadOnlyList<string> all)
    {
        if (target == Empty)
        {
            return Empty;
        }
        return all.FirstOrDefault(id => string.Equals(id, target, StringComparison.OrdinalIgnoreCase)
                                        || string.Equals(NameOf(id), target, StringComparison.OrdinalIgnoreCase))
               ?? throw new UnknownMigrationException(target, all.Select(NameOf));
    }

    /// <summary>A migration's name without its timestamp: 20261122021500_Identity is Identity.</summary>
    public static string NameOf(string migrationId) =>
        migrationId.IndexOf('_') is var underscore and > 0 ? migrationId[(underscore + 1)..] : migrationId;
}

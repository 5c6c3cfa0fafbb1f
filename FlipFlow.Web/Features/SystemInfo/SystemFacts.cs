using System.Reflection;
using FlipFlow.Infrastructure.Database;

namespace FlipFlow.Web.Features.SystemInfo;

/// <summary>What is true of this FlipFlow process now, for the System page: version, database, data folder, uptime.</summary>
public sealed record SystemSnapshot(
    string Version,
    string Environment,
    string MachineName,
    DateTimeOffset StartedAt,
    TimeSpan Uptime,
    string DataFolder,
    DatabaseStatus Database);

public sealed class SystemFacts(DatabaseMigrator migrator, DatabaseSettings database, IHostEnvironment environment, TimeProvider clock)
{
    private readonly DateTimeOffset startedAt = clock.GetUtcNow();

    /// <summary>The informational version with the commit it was built from, shortened as git shortens it: 0.1.0+b190419.</summary>
    public static string Version { get; } = Shorten(
        typeof(SystemFacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");

    private static string Shorten(string version) =>
        version.IndexOf('+') is var plus and > 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;

    public async Task<SystemSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return new SystemSnapshot(Version, environment.EnvironmentName, System.Environment.MachineName, startedAt, now - startedAt,
            database.DataFolder, await migrator.GetStatusAsync(cancellationToken));
    }
}

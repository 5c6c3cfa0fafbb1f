using System.Diagnostics;
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
    /// <summary>The informational version with the commit it was built from, shortened as git shortens it: 0.1.0+b190419.</summary>
    public static string Version { get; } = Shorten(
        typeof(SystemFacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");

    /// <summary>
    /// When this process started, as the operating system recorded it: not when this service was first asked for,
    /// which is the first visit to the System page and would make the uptime start there.
    /// </summary>
    public static DateTimeOffset ProcessStartedAt { get; } = ReadProcessStart();

    private static DateTimeOffset ReadProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }

    private static string Shorten(string version) =>
        version.IndexOf('+') is var plus and > 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;

    /// <summary>How long the process has run at <paramref name="now"/>; never less than zero (a clock set back).</summary>
    public static TimeSpan UptimeAt(DateTimeOffset now) => now > ProcessStartedAt ? now - ProcessStartedAt : TimeSpan.Zero;

    public async Task<SystemSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return new SystemSnapshot(Version, environment.EnvironmentName, System.Environment.MachineName, ProcessStartedAt, UptimeAt(now),
            database.DataFolder, await migrator.GetStatusAsync(cancellationToken));
    }
}

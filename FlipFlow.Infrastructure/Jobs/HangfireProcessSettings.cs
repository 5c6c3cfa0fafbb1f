using Hangfire;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// What Hangfire keeps process-wide, set the same way by every host: how jobs are serialized, and where its own log
/// lines go. Hangfire's AddHangfire points its static log provider at one host's logger factory, which breaks every
/// other host in the process once that one is disposed (tests and the benchmarks build many); this provider writes
/// to the newest host's factory and drops a line when that factory is gone.
/// </summary>
public static class HangfireProcessSettings
{
    private static readonly Lock Gate = new();
    private static ILoggerFactory? current;
    private static bool serializerSet;

    public static void Apply(IGlobalConfiguration configuration, ILoggerFactory loggers)
    {
        lock (Gate)
        {
            current = loggers;
            if (!serializerSet)
            {
                configuration
                    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                    .UseSimpleAssemblyNameTypeSerializer()
                    .UseRecommendedSerializerSettings();
                serializerSet = true;
            }
            configuration.UseLogProvider(Provider.Instance);
        }
    }

    /// <summary>Applies the settings to Hangfire's static configuration, for hosts that never resolve <see cref="IGlobalConfiguration"/>.</summary>
    public static void Apply(ILoggerFactory loggers) => Apply(GlobalConfiguration.Configuration, loggers);

    private sealed class Provider : ILogProvider
    {
        public static readonly Provider Instance = new();

        public ILog GetLogger(string name) => new ForwardingLog(name);
    }

    private sealed class ForwardingLog(string name) : ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            try
            {
                var logger = current?.CreateLogger(name);
                if (logger is null || !logger.IsEnabled(level))
                {
                    return false;
                }
                if (messageFunc is not null)
                {
                    logger.Log(level, exception, "{Message}", messageFunc());
                }
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}

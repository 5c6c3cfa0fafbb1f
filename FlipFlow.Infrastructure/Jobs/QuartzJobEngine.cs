using FlipFlow.Infrastructure.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Quartz.Impl.AdoJobStore;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Quartz.NET wired to FlipFlow: its store lives in FlipFlow's database (tables created when missing), every
/// process gets an instance id of its own, and on PostgreSQL and SQL Server the processes form a cluster in
/// which each fire happens once. SQLite runs one scheduler (Quartz cannot cluster on SQLite).
/// </summary>
public static class QuartzJobEngine
{
    /// <summary>The scheduler's name: the same in every FlipFlow process, so they share one schedule.</summary>
    public const string SchedulerName = "flipflow";

    /// <summary>The Quartz group of every catalogue job and its schedule trigger.</summary>
    public const string Group = "flipflow";

    /// <summary>The data source the default scheduler reads its connection from.</summary>
    private const string DataSourceName = "quartz";

    /// <summary>
    /// The job catalogue, the run history and the scheduler, without starting it: the CLI uses this as it is;
    /// the console adds the hosted services that start it (<c>AddFlipFlowJobHosting</c>).
    /// </summary>
    /// <param name="clock">The scheduler's clock; tests pass one they move by hand.</param>
    public static IServiceCollection AddFlipFlowJobEngine(this IServiceCollection services, IConfiguration configuration, TimeProvider? clock = null)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section));
        services.AddSingleton<JobCatalog>();
        services.AddSingleton<JobHistory>();
        services.AddSingleton<JobScheduleSync>();
        services.AddSingleton<JobNode>();
        services.AddSingleton<IJobScheduler, QuartzJobScheduler>();
        services.AddBuiltInJobs();
        services.AddHangfireEngine();

        var maxConcurrency = configuration.GetValue($"{JobsOptions.Section}:{nameof(JobsOptions.MaxConcurrency)}", new JobsOptions().MaxConcurrency);
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                // Stopping cancels running jobs' tokens; the host's shutdown timeout is their grace period.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            quartz.UseDefaultThreadPool(maxConcurrency);
            if (clock is not null)
            {
                quartz.UseTimeProvider(clock);
            }
            quartz.UsePersistentStore(store =>
            {
                store.UseDataSource(_ => { });
                store.UseDriverDelegate(provider => provider.GetRequiredService<DatabaseSettings>().Provider switch
                {
                    DatabaseProvider.Sqlite => new SQLiteDelegate(),
                    DatabaseProvider.PostgreSql => new PostgreSQLDelegate(),
                    _ => new SqlServerDelegate(),
                });
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                // A run stopped by a shutdown is handed back and, for jobs that ask for recovery, run again at the next start.
                store.ConfigureStore(options => options.RecoverFiringsCancelledByShutdown = true);
            });
        });

        // What depends on the database provider is read once the configuration is complete.
        services.AddOptions<DataSourceOptions>(DataSourceName).Configure<DatabaseSettings>((options, database) =>
        {
            options.Provider = database.Provider switch
            {
                DatabaseProvider.Sqlite => DataSourceOptions.Providers.Sqlite,
                DatabaseProvider.PostgreSql => DataSourceOptions.Providers.Npgsql,
                _ => DataSourceOptions.Providers.SqlServer,
            };
            options.ConnectionString = database.ConnectionString;
        });
        services.AddOptions<ClusteringOptions>().Configure<DatabaseSettings>((options, database) =>
        {
            options.Enabled = database.Provider != DatabaseProvider.Sqlite;
            options.CheckinInterval = TimeSpan.FromSeconds(5);
            options.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
        });
        // Quartz 4 takes the id "AUTO" literally; a generated id is unique per process, as clustering needs.
        services.AddOptions<QuartzSchedulerOptions>().Configure(options =>
        {
            options.GenerateInstanceId = true;
            // How soon an idle scheduler notices a trigger another process (the CLI, another node) added.
            options.IdleWaitTime = TimeSpan.FromSeconds(2);
        });
        services.AddOptions<AdoJobStoreOptions>().Configure<DatabaseSettings>((options, database) =>
            options.UseDbLocks = database.Provider != DatabaseProvider.Sqlite);
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Runs this process's job servers (<see cref="JobServers"/>) for as long as the console runs: started before the
/// server takes requests, so /health is right from the first one, and stopped first when it shuts down.
/// </summary>
public sealed class JobEngineHosting(JobServers servers) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => servers.StartAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => servers.StopAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class JobEngineHostingRegistration
{
    /// <summary>Runs the job servers in this process (the console); the CLI starts them only for a verb that waits for work.</summary>
    public static IServiceCollection AddFlipFlowJobHosting(this IServiceCollection services)
    {
        services.AddHostedService<JobEngineHosting>();
        // The grace period running jobs get to stop when FlipFlow shuts down, plus a little for the servers to report.
        services.AddOptions<HostOptions>().Configure<IOptions<JobsOptions>>((host, jobs) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(jobs.Value.ShutdownGraceSeconds + 5));
        return services;
    }
}

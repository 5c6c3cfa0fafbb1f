using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Marketplaces;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Tests.Batches;

/// <summary>
/// One Hangfire server per marketplace queue over a test host's storage, with as many workers as the
/// marketplace's MaxConcurrency and jobs activated from a scope of the host's services: what the engine runs
/// in a FlipFlow process, for tests of marketplace work. Only attribute filters apply, so each job's own
/// AutomaticRetry is its whole retry policy.
/// </summary>
public sealed class MarketplaceServersHere : IDisposable
{
    private readonly List<BackgroundJobServer> servers = [];

    private MarketplaceServersHere(IServiceProvider services)
    {
        var storage = services.GetRequiredService<JobStorage>();
        var marketplaces = services.GetRequiredService<IOptions<MarketplaceOptions>>().Value;
        var activator = new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>());
        var filters = new JobFilterAttributeFilterProvider();
        foreach (var marketplace in Domain.Marketplaces.Marketplaces.All)
        {
            var queue = JobQueues.ForMarketplace(marketplace);
            servers.Add(new BackgroundJobServer(new BackgroundJobServerOptions
            {
                ServerName = $"tests/{queue}",
                Queues = [queue],
                WorkerCount = Math.Max(1, marketplaces.For(marketplace).MaxConcurrency),
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                CancellationCheckInterval = TimeSpan.FromSeconds(1),
                HeartbeatInterval = TimeSpan.FromSeconds(5),
                FilterProvider = filters,
                Activator = activator,
            }, storage));
        }
    }

    public static MarketplaceServersHere Start(IServiceProvider services) => new(services);

    public void Dispose()
    {
        foreach (var server in servers)
        {
            server.SendStop();
        }
        foreach (var server in servers)
        {
            server.Dispose();
        }
    }
}

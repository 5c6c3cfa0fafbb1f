using FlipFlow.Infrastructure.Common;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Zombies;

public static class ZombiesRegistration
{
    /// <summary>The zombie killer's services (scan, read, resurrect, reprice, snooze, auto-resurrect), its rules (section <c>Zombies</c>, checked at start) and its two jobs.</summary>
    public static IServiceCollection AddFlipFlowZombies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ZombieRules>().Bind(configuration.GetSection(ZombieRules.SectionName))
            .CheckedOnStart(rules => rules.Validate());
        services.AddOptions<ZombieAutoResurrectOptions>().Bind(configuration.GetSection(ZombieAutoResurrectOptions.Section));
        services.AddSingleton<ZombieTargetChooser>();
        services.AddSingleton<ZombieScanner>();
        services.AddSingleton<ZombieReader>();
        services.AddSingleton<ZombieResurrector>();
        services.AddSingleton<ZombieRepricer>();
        services.AddSingleton<ZombieSnoozer>();
        services.AddSingleton<ZombieAutoResurrector>();
        services.AddFlipFlowJob<ZombieScanWork>(ZombieScanWork.Definition);
        services.AddFlipFlowJob<ZombieAutoResurrectWork>(ZombieAutoResurrectWork.Definition);
        return services;
    }
}

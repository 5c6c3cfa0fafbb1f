using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Inventory;

public static class InventoryRegistration
{
    /// <summary>Finding sellers' inventory, and its daily snapshots and their history.</summary>
    public static IServiceCollection AddFlipFlowInventory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InventorySnapshotOptions>().Bind(configuration.GetSection(InventorySnapshotOptions.Section))
            .Validate(options => options.DailyDays >= 1, $"{InventorySnapshotOptions.Section}:DailyDays must be 1 or more.")
            .ValidateOnStart();
        return services
            .AddSingleton<InventorySearch>()
            .AddSingleton<InventorySnapshotter>()
            .AddSingleton<InventoryHistory>()
            .AddSingleton<DemoInventory>()
            .AddFlipFlowJob<InventorySnapshotWork>(InventorySnapshotWork.Definition);
    }
}

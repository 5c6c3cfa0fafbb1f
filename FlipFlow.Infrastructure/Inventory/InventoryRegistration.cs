using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Inventory;

public static class InventoryRegistration
{
    /// <summary>Finding sellers' inventory.</summary>
    public static IServiceCollection AddFlipFlowInventory(this IServiceCollection services) => services.AddSingleton<InventorySearch>();
}

using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Imports;

public static class ImportRegistration
{
    /// <summary>Inventory file imports: the planner, the preview, the imports, their runner and its <c>inventory-import</c> job.</summary>
    public static IServiceCollection AddFlipFlowImports(this IServiceCollection services)
    {
        services.AddSingleton<InventoryPlanner>();
        services.AddSingleton<InventoryPreviewer>();
        services.AddSingleton<InventoryImports>();
        services.AddSingleton<InventoryImportRunner>();
        services.AddFlipFlowJob<InventoryImportWork>(InventoryImportWork.Definition);
        return services;
    }
}

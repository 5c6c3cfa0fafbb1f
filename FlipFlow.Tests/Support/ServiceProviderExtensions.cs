using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Support;

public static class ServiceProviderExtensions
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services) where T : notnull => services.GetRequiredService<T>();

    /// <summary>Runs <paramref name="query"/> on a context of its own, as the app's services would make one.</summary>
    public static async Task<T> QueryAsync<T>(this IServiceProvider services, Func<FlipFlowDbContext, Task<T>> query)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}

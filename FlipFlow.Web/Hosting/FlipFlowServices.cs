using FlipFlow.Domain.Accounts;
using FlipFlow.Infrastructure.Accounts;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Security;
using FlipFlow.Web.Features.SystemInfo;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace FlipFlow.Web.Hosting;

/// <summary>The services the console and the CLI verbs share: configuration, database, accounts, clock.</summary>
public static class FlipFlowServices
{
    public static IServiceCollection AddFlipFlowCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FlipFlowOptions>().Bind(configuration.GetSection(FlipFlowOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddFlipFlowDatabase();
        services.AddFlipFlowAccounts();
        services.AddDataProtection().SetApplicationName("FlipFlow");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new DatabaseXmlRepository(
                    provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FlipFlowDbContext>>())));
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<DatabaseMaintenance>();
        services.AddSingleton<FlipFlow.Infrastructure.Jobs.JobHistory>();
        services.AddSingleton<SystemFacts>();
        services.AddSingleton<DemoAccounts>();
        return services;
    }
}

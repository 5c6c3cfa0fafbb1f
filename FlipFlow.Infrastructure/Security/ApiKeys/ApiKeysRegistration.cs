using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Security.ApiKeys;

public static class ApiKeysRegistration
{
    public static IServiceCollection AddFlipFlowApiKeys(this IServiceCollection services) => services
        .AddSingleton<ApiKeyAdministration>()
        .AddSingleton<ApiKeyAuthenticator>();
}

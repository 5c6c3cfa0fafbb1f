using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Authentication;

namespace FlipFlow.Web.Features.ApiKeys;

public static class ApiKeysRegistration
{
    /// <summary>
    /// The API key authentication scheme (<see cref="ApiAccess.Scheme"/>). It is not the default scheme: the console
    /// signs in with Identity's cookie, and only the API's policies name this scheme.
    /// </summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiAccess.Scheme, displayName: "API key", configureOptions: null);
        return services;
    }
}

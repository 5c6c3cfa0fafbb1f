using FlipFlow.Domain.Users;
using Microsoft.AspNetCore.Authorization;

namespace FlipFlow.Web.Features.Api;

/// <summary>
/// Who may call the API: API keys only (never the console's cookie, so no other site can forge a request), with
/// the same rights per role as a signed-in user's. Reads need any key; writes need an Operator or Admin key.
/// </summary>
public static class ApiAccess
{
    /// <summary>The authentication scheme of API keys (<c>Authorization: Bearer ff_…</c>).</summary>
    public const string Scheme = "ApiKey";

    /// <summary>Any key: Admin, Operator or Viewer.</summary>
    public const string Read = "ApiRead";

    /// <summary>An Admin or Operator key.</summary>
    public const string Write = "ApiWrite";

    /// <summary>An Admin key.</summary>
    public const string Administer = "ApiAdminister";

    public static AuthorizationBuilder AddApiPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Read, PolicyFor(Policies.CanView))
        .AddPolicy(Write, PolicyFor(Policies.CanOperate))
        .AddPolicy(Administer, PolicyFor(Policies.CanAdminister));

    private static AuthorizationPolicy PolicyFor(string consolePolicy) =>
        new AuthorizationPolicyBuilder(Scheme).RequireRole(Policies.RolesOf(consolePolicy)).Build();

    /// <summary>
    /// Marks an endpoint as a write: it needs an Operator or Admin key, and spends the key's write budget
    /// (<see cref="ApiRateLimits.Writes"/>) instead of its read budget.
    /// </summary>
    public static RouteHandlerBuilder Writes(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(Write).RequireRateLimiting(ApiRateLimits.Writes);
}

using FlipFlow.Infrastructure.Users;
using Microsoft.AspNetCore.Authorization;

namespace FlipFlow.Web.Features.Users;

/// <summary>
/// Keeps a user who signed in with a generated password on the change-password page until they choose
/// their own: every other page redirects there, every other request is refused.
/// </summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var mustChange = context.User.HasClaim(FlipFlowClaimsFactory.MustChangePasswordClaim, "true");
        if (!mustChange
            || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || context.Request.Path.StartsWithSegments(AccountPaths.ChangePassword)
            || context.Request.Path.StartsWithSegments(AccountPaths.Logout))
        {
            return next(context);
        }
        if (HttpMethods.IsGet(context.Request.Method))
        {
            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"{AccountPaths.ChangePassword}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        return Task.CompletedTask;
    }
}

using FlipFlow.Infrastructure.Users;
using Microsoft.AspNetCore.Identity;

namespace FlipFlow.Web.Features.Users;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Signing out is a POST with an antiforgery token, so no other site can sign a user out.
        endpoints.MapPost(AccountPaths.Logout, async (SignInManager<FlipFlowUser> signIn, ILogger<SignInManager<FlipFlowUser>> logger, HttpContext context) =>
            {
                var name = context.User.Identity?.Name;
                await signIn.SignOutAsync();
                logger.LogInformation("{User} signed out", name);
                return Results.LocalRedirect(AccountPaths.Login);
            })
            .RequireAuthorization()
            .ExcludeFromDescription();
    }
}

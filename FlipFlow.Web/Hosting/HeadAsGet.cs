namespace FlipFlow.Web.Hosting;

/// <summary>
/// Answers HEAD as GET without the body. Razor component pages map GET only, so a HEAD to one (a monitor, or
/// `curl -I`) would otherwise find no page and get the sign-in challenge. Kestrel still knows the request was HEAD
/// and sends no body.
/// </summary>
public static class HeadAsGet
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
            }
            return next(context);
        });
}

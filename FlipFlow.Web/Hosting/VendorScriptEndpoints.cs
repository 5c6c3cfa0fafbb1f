namespace FlipFlow.Web.Hosting;

/// <summary>
/// Serves the third-party scripts the build embeds in this assembly (build/VendorScripts.targets):
/// ApexCharts under /vendor.
/// </summary>
public static class VendorScriptEndpoints
{
    private static readonly (string Path, string Resource)[] Scripts =
    [
        ("/vendor/apexcharts.min.js", "vendor/apexcharts.min.js"),
    ];

    public static void MapVendorScripts(this IEndpointRouteBuilder endpoints)
    {
        var assembly = typeof(VendorScriptEndpoints).Assembly;
        var version = assembly.ManifestModule.ModuleVersionId.ToString("N");
        foreach (var (path, resource) in Scripts)
        {
            using var stream = assembly.GetManifestResourceStream(resource)
                               ?? throw new InvalidOperationException($"The build did not embed {resource}; see build/VendorScripts.targets.");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\"");
            endpoints.MapGet(path, (HttpContext context) =>
                {
                    context.Response.Headers.CacheControl = "no-cache";
                    return Results.Bytes(bytes, "text/javascript", entityTag: etag);
                })
                .AllowAnonymous()
                .ExcludeFromDescription();
        }
    }
}

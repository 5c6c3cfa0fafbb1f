using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Components;
using FlipFlow.Web.Components.Layout;
using FlipFlow.Web.Features.Users;
using FlipFlow.Web.Features.Api;
using FlipFlow.Web.Features.ApiKeys;
using FlipFlow.Web.Features.Jobs;
using FlipFlow.Web.Features.Jobs.Dashboard;
using FlipFlow.Web.Features.Marketplaces;
using FlipFlow.Web.Features.SystemInfo;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace FlipFlow.Web.Hosting;

/// <summary>The composition root of the console: services, middleware and endpoints.</summary>
public static class WebHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot() });
        // Serves library assets (MudBlazor's) from the package cache under `dotnet run` in any environment;
        // a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddFlipFlowCore(builder.Configuration);
        services.AddEdgeSecurity(builder.Configuration);
        services.AddHealthCheck();
        services.AddSingleton(new StartupConsole(Console.Out));
        services.AddHostedService<DatabasePreparation>();
        services.AddFlipFlowJobHosting();
        services.AddJobsConsole();
        services.AddMarketplaceConsole();
        services.AddSignInProtection();
        services.AddApiKeys();
        services.AddApiProblems();
        services.AddApiJson();
        services.AddApiRateLimits(builder.Configuration);
        services.AddApiDocument();

        services.AddRazorComponents().AddInteractiveServerComponents().AddFieldSizedMessages();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = false;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.CanView, policy => policy.RequireRole(Policies.RolesOf(Policies.CanView)))
            .AddPolicy(Policies.CanOperate, policy => policy.RequireRole(Policies.RolesOf(Policies.CanOperate)))
            .AddPolicy(Policies.CanAdminister, policy => policy.RequireRole(Policies.RolesOf(Policies.CanAdminister)))
            .AddApiPolicies()
            // Everything needs a signed-in user with a role, unless it says [AllowAnonymous].
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireRole(Roles.All).Build());
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "FlipFlow.Auth";
            cookie.LoginPath = AccountPaths.Login;
            cookie.LogoutPath = AccountPaths.Logout;
            cookie.AccessDeniedPath = AccountPaths.AccessDenied;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        // Role changes and disabled accounts reach open sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddSingleton<ProcessMetrics>();
        services.AddHostedService(provider => provider.GetRequiredService<ProcessMetrics>());

        var app = builder.Build();
        Configure(app);
        return app;
    }

    /// <summary>
    /// The folder holding appsettings.json and, by default, the data folder: the project folder under
    /// `dotnet run`, the app's own folder when published. The FLIPFLOW_CONTENT_ROOT variable overrides both.
    /// </summary>
    public static string ContentRoot()
    {
        if (Environment.GetEnvironmentVariable("FLIPFLOW_CONTENT_ROOT") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        var current = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(current, "appsettings.json")) ? current : AppContext.BaseDirectory;
    }

    private static void Configure(WebApplication app)
    {
        var culture = app.Services.GetRequiredService<IOptions<FlipFlowOptions>>().Value.GetCulture();
        System.Globalization.CultureInfo.DefaultThreadCurrentCulture = culture;
        System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = culture;

        // First: every later middleware's log lines and answers carry the request's id.
        app.UseMiddleware<RequestIds>();
        app.UseEdgeSecurity();
        app.UseHeadAsGet();
        // Routing after HEAD became GET, so a HEAD finds the page a GET would.
        app.UseRouting();
        // /api failures are answered as problems by ApiExceptionHandler; the console's by the error page.
        app.UseExceptionHandler(ErrorPage.Handle);
        app.UseApiProblems();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(culture),
            SupportedCultures = [culture],
            SupportedUICultures = [culture],
            // One configured culture for every user: the browser's language does not change how money reads.
            RequestCultureProviders = [],
        });
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        // After authorisation: the API key's principal is known only once its policy has authenticated it, and the
        // API's limits are per key. The sign-in limit is per client address and anonymous, so the order changes nothing for it.
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapVendorScripts();
        app.MapHealth();
        app.MapAccountEndpoints();
        app.MapMarketplaceConsole();
        FlipFlow.Web.Features.Imports.RefusedRowsEndpoint.MapRefusedRowsDownload(app);
        app.MapJobsDashboard();
        app.MapApiV1();
        app.MapApiDocument();
        FlipFlow.Web.Features.Analytics.AnalyticsExportEndpoints.MapAnalyticsExports(app);
        FlipFlow.Web.Features.Inventory.InventoryHistoryQuery.MapInventoryHistoryExport(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}

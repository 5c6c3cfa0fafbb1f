using Bunit;
using Bunit.TestDoubles;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MudBlazor;
using MudBlazor.Services;
using FlipFlow.Web.Features.Jobs;
using FlipFlow.Web.Features.Marketplaces;

namespace FlipFlow.Tests.Components;

/// <summary>
/// The base of bUnit tests of the console's components: MudBlazor's services, JS interop answered loosely (the
/// calls MudBlazor makes on render return defaults), a signed-in user of a chosen role, and FlipFlow's own
/// services over a migrated SQLite database of the test's own, for pages that read real data.
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    private IHost? host;
    private TestDatabase? database;
    private readonly BunitAuthorizationContext authorization;

    protected ComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        authorization = AddAuthorization();
    }

    /// <summary>FlipFlow's services (feature services, database): seed data through these.</summary>
    protected IServiceProvider App => host?.Services ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Settings of the test's own, given to FlipFlow's services.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        // The console's own monitors too, as the web host registers them; the host is not started, so they stay idle.
        host = TestHost.Build(database, configure: services => services.AddJobsConsole().AddMarketplaceConsole(), settings: Settings);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        Services.AddFallbackServiceProvider(host.Services);
    }

    /// <summary>Signs the components' user in with <paramref name="role"/> and the policies that role satisfies.</summary>
    protected void SignInAs(string role, string email = "someone@example.com")
    {
        authorization.SetAuthorized(email);
        authorization.SetRoles(role);
        authorization.SetPolicies([.. Policies.Of(role)]);
    }

    /// <summary>The popover provider: open menus and select lists render here.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers => Rendered(popovers);

    /// <summary>The dialog provider: dialogs and message boxes render here.</summary>
    protected IRenderedComponent<MudDialogProvider> DialogHost => Rendered(dialogs);

    /// <summary>The snackbar provider: the messages the component shows.</summary>
    protected IRenderedComponent<MudSnackbarProvider> SnackbarHost => Rendered(snackbars);

    protected ISnackbar Snackbars => Services.GetRequiredService<ISnackbar>();

    private IRenderedComponent<MudPopoverProvider>? popovers;
    private IRenderedComponent<MudDialogProvider>? dialogs;
    private IRenderedComponent<MudSnackbarProvider>? snackbars;

    private static T Rendered<T>(T? provider) where T : class =>
        provider ?? throw new InvalidOperationException("Render the component with RenderPage first.");

    /// <summary>Renders MudBlazor's providers, as the layout does, then <typeparamref name="TComponent"/>, so menus, dialogs and snackbars show.</summary>
    protected IRenderedComponent<TComponent> RenderPage<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        popovers = Render<MudPopoverProvider>();
        dialogs = Render<MudDialogProvider>();
        snackbars = Render<MudSnackbarProvider>();
        return Render(parameters);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        host?.Dispose();
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}

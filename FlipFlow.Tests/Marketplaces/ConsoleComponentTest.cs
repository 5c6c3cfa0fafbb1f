using System.Reflection;
using Bunit;
using FlipFlow.Tests.Components;
using FlipFlow.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FlipFlow.Tests.Marketplaces;

/// <summary>
/// The base of bUnit tests of the marketplace console's pages and dialogs (products, marketplaces): the MudBlazor
/// providers kept at hand, so a test reads what opens in them (menus, dialogs, snackbars).
/// </summary>
public abstract class ConsoleComponentTest : ComponentTest
{
    protected ConsoleComponentTest()
    {
        // GuardedComponent still injects the notification service of the pages not yet moved to MudBlazor; while it does,
        // the tests give it one. These pages do not use it.
        if (typeof(GuardedComponent).GetProperty("Notifications", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                is { PropertyType: { IsClass: true, IsAbstract: false } legacy })
        {
            Services.AddScoped(legacy);
        }
    }

    /// <summary>The popover provider: open menus and select lists render here.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = default!;

    /// <summary>The dialog provider: dialogs and message boxes render here.</summary>
    protected IRenderedComponent<MudDialogProvider> DialogHost { get; private set; } = default!;

    /// <summary>The snackbar provider: the messages the component shows.</summary>
    protected IRenderedComponent<MudSnackbarProvider> SnackbarHost { get; private set; } = default!;

    protected ISnackbar Snackbars => Services.GetRequiredService<ISnackbar>();

    /// <summary>Renders the providers, as the layout does, then <typeparamref name="TComponent"/>.</summary>
    protected IRenderedComponent<TComponent> RenderPage<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        Popovers = Render<MudPopoverProvider>();
        DialogHost = Render<MudDialogProvider>();
        SnackbarHost = Render<MudSnackbarProvider>();
        return Render(parameters);
    }
}

using Bunit;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Users;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Zombies;
using FlipFlow.Tests.Components;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Zombies;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Tests.Zombies;

public sealed class ZombiesPageComponentTests : ComponentTest
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>A live Demo listing the last scan called a zombie, written straight to the database.</summary>
    private Task<long> ZombieAsync(string sku = "WOTF-Z-1", int watchers = 0) => App.QueryAsync(async db =>
    {
        var product = new Product { Sku = sku, Title = $"Card {sku}", Price = 10m, Quantity = 1, CreatedAt = Now, UpdatedAt = Now };
        var listing = new Listing
        {
            Product = product, Marketplace = Marketplace.Demo, RemoteId = $"demo-{sku}", Status = ListingStatus.Active, Price = 10m, Quantity = 1,
            ListedAt = Now.AddDays(-120), Watchers = watchers, ZombieScore = 90, ZombieDiagnosis = ZombieDiagnosis.OldAndUnsold,
            ZombieReasons = "listed 120 days", JudgedAt = Now, CreatedAt = Now.AddDays(-120), UpdatedAt = Now,
        };
        db.Add(listing);
        await db.SaveChangesAsync();
        return listing.Id;
    });

    [Fact]
    public async Task A_Viewer_sees_the_zombies_but_no_action_buttons()
    {
        var id = await ZombieAsync();
        SignInAs(Roles.Viewer);

        var page = RenderInProviders<ZombiesPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=zombie-score-{id}]")));
        Assert.Empty(page.FindAll("[data-testid=zombies-scan]"));
        Assert.Empty(page.FindAll("[data-testid=zombies-bulk-resurrect]"));
        Assert.Empty(page.FindAll($"[data-testid=zombie-resurrect-{id}]"));
        Assert.Empty(page.FindAll($"[data-testid=zombie-select-{id}]"));
    }

    [Fact]
    public async Task An_Operator_sees_the_actions_of_each_live_zombie()
    {
        var id = await ZombieAsync();
        SignInAs(Roles.Operator);

        var page = RenderInProviders<ZombiesPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=zombie-resurrect-{id}]")));
        Assert.NotEmpty(page.FindAll($"[data-testid=zombie-reprice-{id}]"));
        Assert.NotEmpty(page.FindAll($"[data-testid=zombie-snooze-{id}]"));
        Assert.NotEmpty(page.FindAll("[data-testid=zombies-scan]"));
        Assert.NotEmpty(page.FindAll("[data-testid=zombies-bulk-resurrect]"));
    }

    [Fact]
    public void With_no_zombies_the_page_says_how_they_are_found()
    {
        SignInAs(Roles.Viewer);

        var page = RenderInProviders<ZombiesPage>();

        page.WaitForAssertion(() => Assert.Contains("Scan now", page.Find("[data-testid=zombies-empty]").TextContent));
    }

    [Fact]
    public async Task Resurrect_asks_first_and_cancelling_ends_nothing()
    {
        var id = await ZombieAsync();
        SignInAs(Roles.Operator);
        var page = RenderInProviders<ZombiesPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=zombie-resurrect-{id}]")));

        // Not awaited: the click's handler waits for the confirmation it asks for.
        var clicked = page.Find($"[data-testid=zombie-resurrect-{id}]").ClickAsync(new());

        var dialog = Dialogs;
        dialog.WaitForAssertion(() => Assert.Contains("ends this listing", dialog.Markup));
        Assert.Equal(0, await App.QueryAsync(db => db.Set<BatchJob>().CountAsync()));
        await dialog.FindAll("button").Single(button => button.TextContent.Trim() == "Cancel").ClickAsync(new());
        await clicked;

        dialog.WaitForAssertion(() => Assert.DoesNotContain("ends this listing", dialog.Markup));
        Assert.Equal(0, await App.QueryAsync(db => db.Set<BatchJob>().CountAsync()));
    }

    [Fact]
    public async Task Confirming_resurrect_creates_one_batch_for_the_listing()
    {
        var id = await ZombieAsync();
        SignInAs(Roles.Operator);
        var page = RenderInProviders<ZombiesPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=zombie-resurrect-{id}]")));

        // Not awaited: the click's handler waits for the confirmation it asks for.
        var clicked = page.Find($"[data-testid=zombie-resurrect-{id}]").ClickAsync(new());
        var dialog = Dialogs;
        dialog.WaitForAssertion(() => Assert.Contains(dialog.FindAll("button"), button => button.TextContent.Trim() == "Resurrect"));
        await dialog.FindAll("button").Single(button => button.TextContent.Trim() == "Resurrect").ClickAsync(new());
        await clicked;

        var batch = Assert.Single(await App.QueryAsync(db => db.Set<BatchJob>().ToListAsync()));
        Assert.Equal(1, batch.TotalJobs);
    }

    public static TheoryData<ResurrectionStatus?, string> Statuses => new()
    {
        { null, "Live" },
        { new ResurrectionStatus(1, ListingStatus.Active, null, null, null, null, null), "Live" },
        { new ResurrectionStatus(1, ListingStatus.Active, 7, MarketplaceJobStatus.Pending, null, null, null), "Resurrecting: waiting" },
        { new ResurrectionStatus(1, ListingStatus.Active, 7, MarketplaceJobStatus.Running, null, null, null), "Resurrecting: running" },
        { new ResurrectionStatus(1, ListingStatus.Ended, 7, MarketplaceJobStatus.Completed, null, 9, "demo-9"), "Resurrected as listing #9 (demo-9)" },
        { new ResurrectionStatus(1, ListingStatus.Ended, 7, MarketplaceJobStatus.Completed, null, 9, null), "Resurrected as listing #9" },
        { new ResurrectionStatus(1, ListingStatus.Active, 7, MarketplaceJobStatus.Failed, "Demo answered 409", null, null), "Resurrect failed: Demo answered 409" },
        { new ResurrectionStatus(1, ListingStatus.Active, 7, MarketplaceJobStatus.Cancelled, null, null, null), "Resurrect cancelled" },
        { new ResurrectionStatus(1, ListingStatus.Sold, null, null, null, null, null), "Sold" },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_zombie_status_reads_as_its_resurrection_stands(ResurrectionStatus? status, string words)
    {
        Assert.Equal(words, ZombieStatusWords.Of(status));
    }
}

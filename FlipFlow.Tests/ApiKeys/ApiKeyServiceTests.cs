using FlipFlow.Domain.ApiKeys;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Security.ApiKeys;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.ApiKeys;

[Trait("Category", "Integration")]
public sealed class ApiKeyServiceTests : IAsyncLifetime
{
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase database = default!;
    private IHost host = default!;

    private ApiKeyAdministration Keys => host.Services.GetRequiredService<ApiKeyAdministration>();

    private ApiKeyAuthenticator Authenticator => host.Services.GetRequiredService<ApiKeyAuthenticator>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private async Task<ApiKey> StoredAsync(int id)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        return await db.ApiKeys.AsNoTracking().SingleAsync(key => key.Id == id);
    }

    [Fact]
    public async Task A_created_key_is_returned_once_and_stored_only_as_its_prefix_and_the_hash_of_its_secret()
    {
        var issued = await Keys.CreateAsync("  nightly export ", "operator", "admin@flipflow.local");
        Assert.True(ApiKeyMaterial.TryParse(issued.Material, out var material));
        Assert.Equal("nightly export", issued.Key.Name);
        Assert.Equal(Roles.Operator, issued.Key.Role);
        Assert.Equal(material.Prefix, issued.Key.Prefix);
        Assert.Equal(clock.GetUtcNow(), issued.Key.CreatedAt);
        Assert.Equal("admin@flipflow.local", issued.Key.CreatedBy);
        Assert.Null(issued.Key.LastUsedAt);

        var stored = await StoredAsync(issued.Key.Id);
        Assert.Equal(ApiKeyMaterial.HashSecret(material.Secret), stored.SecretHash);
        Assert.DoesNotContain(material.Secret, stored.SecretHash);
        var listed = Assert.Single(await Keys.ListAsync());
        Assert.Equal(issued.Key, listed);
    }

    [Fact]
    public async Task A_key_without_a_name_or_with_an_unknown_role_is_refused_naming_both_and_nothing_is_stored()
    {
        var refused = await Assert.ThrowsAsync<ApiKeyRuleException>(() => Keys.CreateAsync(" ", "Owner", "admin@flipflow.local"));
        Assert.Equal(["name", "role"], refused.Problems.Keys.Order());
        Assert.Contains("'Owner' is not a role", refused.Message);
        await Assert.ThrowsAsync<ApiKeyRuleException>(() => Keys.CreateAsync(new string('n', 101), Roles.Viewer, "admin@flipflow.local"));
        Assert.Empty(await Keys.ListAsync());
    }

    [Fact]
    public async Task The_key_authenticates_as_itself_with_its_role()
    {
        var viewer = await Keys.CreateAsync("dashboard", Roles.Viewer, "admin@flipflow.local");
        var admin = await Keys.CreateAsync("provisioning", Roles.Admin, "admin@flipflow.local");
        var asViewer = await Authenticator.AuthenticateAsync(viewer.Material);
        Assert.Equal(viewer.Key.Id, asViewer?.Id);
        Assert.Equal(Roles.Viewer, asViewer?.Role);
        Assert.Equal(Roles.Admin, (await Authenticator.AuthenticateAsync(admin.Material))?.Role);
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_prefix_or_a_malformed_key_is_refused()
    {
        var issued = await Keys.CreateAsync("script", Roles.Operator, "admin@flipflow.local");
        Assert.True(ApiKeyMaterial.TryParse(issued.Material, out var material));
        var otherSecret = ApiKeyMaterial.Generate().Secret;
        var otherPrefix = ApiKeyMaterial.Generate().Prefix;
        Assert.Null(await Authenticator.AuthenticateAsync($"ff_{material.Prefix}_{otherSecret}"));
        Assert.Null(await Authenticator.AuthenticateAsync($"ff_{otherPrefix}_{material.Secret}"));
        Assert.Null(await Authenticator.AuthenticateAsync(issued.Material[..^1]));
        Assert.Null(await Authenticator.AuthenticateAsync(null));
        Assert.Null((await StoredAsync(issued.Key.Id)).LastUsedAt);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_and_keeps_who_revoked_it_first()
    {
        var issued = await Keys.CreateAsync("script", Roles.Operator, "admin@flipflow.local");
        var revokedAt = clock.GetUtcNow();
        var revoked = await Keys.RevokeAsync(issued.Key.Prefix, "admin@flipflow.local");
        Assert.Equal(revokedAt, revoked?.RevokedAt);
        Assert.Equal("admin@flipflow.local", revoked?.RevokedBy);
        Assert.Null(await Authenticator.AuthenticateAsync(issued.Material));

        clock.Advance(TimeSpan.FromHours(1));
        var again = await Keys.RevokeAsync(issued.Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "someone@flipflow.local");
        Assert.Equal(revokedAt, again?.RevokedAt);
        Assert.Equal("admin@flipflow.local", again?.RevokedBy);
        Assert.True(Assert.Single(await Keys.ListAsync()).IsRevoked);
    }

    [Fact]
    public async Task Revoking_a_key_that_does_not_exist_finds_nothing_and_changes_nothing()
    {
        var issued = await Keys.CreateAsync("script", Roles.Operator, "admin@flipflow.local");
        Assert.Null(await Keys.RevokeAsync("999", "admin@flipflow.local"));
        Assert.Null(await Keys.RevokeAsync("zzzzzzzz", "admin@flipflow.local"));
        Assert.Null(await Keys.RevokeAsync("not a key", "admin@flipflow.local"));
        Assert.NotNull(await Authenticator.AuthenticateAsync(issued.Material));
    }

    [Fact]
    public async Task A_keys_last_use_is_written_at_most_once_a_minute()
    {
        var issued = await Keys.CreateAsync("script", Roles.Operator, "admin@flipflow.local");
        var first = clock.GetUtcNow();
        await Authenticator.AuthenticateAsync(issued.Material);
        Assert.Equal(first, (await StoredAsync(issued.Key.Id)).LastUsedAt);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(first, (await Authenticator.AuthenticateAsync(issued.Material))?.LastUsedAt);
        Assert.Equal(first, (await StoredAsync(issued.Key.Id)).LastUsedAt);

        clock.Advance(TimeSpan.FromSeconds(1));
        await Authenticator.AuthenticateAsync(issued.Material);
        Assert.Equal(first.AddMinutes(1), (await StoredAsync(issued.Key.Id)).LastUsedAt);
        Assert.Equal(first.AddMinutes(1), Assert.Single(await Keys.ListAsync()).LastUsedAt);
    }
}

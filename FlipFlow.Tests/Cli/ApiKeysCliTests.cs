using FlipFlow.Infrastructure.Security.ApiKeys;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Cli;

[Trait("Category", "Integration")]
public sealed class ApiKeysCliTests : CliTest
{
    private async Task<bool> AuthenticatesAsync(string material)
    {
        using var host = TestHost.Build(Database);
        return await host.Services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(material) is not null;
    }

    [Fact]
    public async Task Apikeys_create_prints_the_key_once_as_a_header_and_list_never_shows_it()
    {
        var output = await OkAsync("apikeys", "create", "--name", "script", "--role", "Operator");
        var header = Assert.Single(output.Split('\n'), line => line.Contains("Authorization: Bearer "));
        var material = header.Trim()["Authorization: Bearer ".Length..];
        Assert.Matches("^ff_[a-z2-7]{8}_[a-z2-7]{52}$", material);
        Assert.Contains("Shown only now", output);
        Assert.True(await AuthenticatesAsync(material));

        var listed = await OkAsync("apikeys", "list");
        Assert.Contains(material[3..11], listed);
        Assert.Contains("Operator", listed);
        Assert.DoesNotContain(material[12..], listed);
        Assert.DoesNotContain(material[12..], (await JsonAsync("apikeys", "list", "--json")).GetRawText());
    }

    [Fact]
    public async Task Apikeys_create_json_gives_the_key_and_its_record_and_list_json_gives_the_records()
    {
        var created = await JsonAsync("apikeys", "create", "--name", "backup", "--role", "Viewer", "--json");
        var key = created.GetProperty("key");
        Assert.Equal("backup", key.GetProperty("name").GetString());
        Assert.Equal("Viewer", key.GetProperty("role").GetString());
        Assert.StartsWith("cli:", key.GetProperty("createdBy").GetString());
        Assert.StartsWith($"ff_{key.GetProperty("prefix").GetString()}_", created.GetProperty("material").GetString());

        var listed = Assert.Single((await JsonAsync("apikeys", "list", "--json")).EnumerateArray());
        Assert.Equal(key.GetProperty("id").GetInt32(), listed.GetProperty("id").GetInt32());
        Assert.False(listed.GetProperty("isRevoked").GetBoolean());
        Assert.False(listed.TryGetProperty("secretHash", out _));
    }

    [Fact]
    public async Task Apikeys_revoke_by_prefix_or_id_stops_the_key()
    {
        var first = await JsonAsync("apikeys", "create", "--name", "first", "--role", "Admin", "--json");
        var second = await JsonAsync("apikeys", "create", "--name", "second", "--role", "Admin", "--json");

        var byPrefix = await JsonAsync("apikeys", "revoke", first.GetProperty("key").GetProperty("prefix").GetString()!, "--json");
        Assert.True(byPrefix.GetProperty("isRevoked").GetBoolean());
        Assert.StartsWith("cli:", byPrefix.GetProperty("revokedBy").GetString());
        Assert.False(await AuthenticatesAsync(first.GetProperty("material").GetString()!));
        Assert.True(await AuthenticatesAsync(second.GetProperty("material").GetString()!));

        var byId = await OkAsync("apikeys", "revoke", second.GetProperty("key").GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'second'", byId);
        Assert.Contains("is revoked", byId);
        Assert.False(await AuthenticatesAsync(second.GetProperty("material").GetString()!));
        Assert.Contains("revoked", (await OkAsync("apikeys", "list")).Split('\n').Single(line => line.Contains("second")));
    }

    [Fact]
    public async Task Apikeys_fail_with_the_reason_for_an_unknown_key_a_missing_name_or_an_unknown_role()
    {
        var (exit, _, error) = await RunAsync("apikeys", "revoke", "zzzzzzzz");
        Assert.Equal(FlipFlowCli.Failed, exit);
        Assert.Contains("No API key has the id or prefix 'zzzzzzzz'", error);

        (exit, _, error) = await RunAsync("apikeys", "create", "--name", " ", "--role", "Viewer");
        Assert.Equal(FlipFlowCli.Failed, exit);
        Assert.Contains("A key needs a name", error);

        (exit, _, error) = await RunAsync("apikeys", "create", "--name", "x", "--role", "Owner");
        Assert.NotEqual(FlipFlowCli.Ok, exit);
        Assert.Contains("Owner", error);
    }
}

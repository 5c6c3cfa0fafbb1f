using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>market-source</c> verbs: connect, status and disconnect a market source from the command line.</summary>
[Trait("Category", "Integration")]
public sealed class MarketSourceCliTests() : CliTest(migrate: true)
{
    [Fact]
    public async Task Connect_saves_the_fields_and_status_shows_the_settings_and_which_secrets_are_set_never_their_values()
    {
        var saved = await JsonAsync("market-source", "connect", "ebaybrowse", "--set", "ClientId=watch-app", "--set", "clientsecret=cert-secret-1",
            "--set", "ApiBaseUrl=http://127.0.0.1:9", "--json");
        Assert.Equal("Connected", saved.GetProperty("connection").GetString());

        var output = await OkAsync("market-source", "status", "--json");
        Assert.DoesNotContain("cert-secret-1", output, StringComparison.Ordinal);
        var status = System.Text.Json.JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["ebaybrowse", "ebayinsights", "blokpax"], status.Select(row => row.GetProperty("source").GetString()));
        var browse = status[0];
        Assert.Equal("watch-app", browse.GetProperty("settings").GetProperty("ClientId").GetString());
        Assert.Equal("http://127.0.0.1:9", browse.GetProperty("settings").GetProperty("ApiBaseUrl").GetString());
        Assert.Equal("EBAY_US", browse.GetProperty("settings").GetProperty("MarketplaceId").GetString());
        Assert.Equal(["ClientSecret"], browse.GetProperty("secretsSet").EnumerateArray().Select(secret => secret.GetString()));
        Assert.Equal("NotConfigured", status[2].GetProperty("connection").GetString());

        var gone = await JsonAsync("market-source", "disconnect", "ebaybrowse", "--json");
        Assert.Equal("NotConfigured", gone.GetProperty("connection").GetString());
    }

    [Fact]
    public async Task Connect_refuses_a_missing_required_field_an_unknown_field_and_an_unknown_source()
    {
        var missing = await RunAsync("market-source", "connect", "ebayinsights", "--set", "ClientId=watch-app");
        Assert.Equal(FlipFlowCli.Failed, missing.Exit);
        Assert.Contains("ClientSecret: Cert ID (Client Secret) is required.", missing.Error, StringComparison.Ordinal);

        var unknown = await RunAsync("market-source", "connect", "blokpax", "--set", "Colour=blue");
        Assert.Equal(FlipFlowCli.Failed, unknown.Exit);
        Assert.Contains("Blokpax has no field 'Colour'", unknown.Error, StringComparison.Ordinal);

        var demo = await RunAsync("market-source", "connect", "demo");
        Assert.Equal(FlipFlowCli.Failed, demo.Exit);
        Assert.Contains("'demo' is not a market source to connect", demo.Error, StringComparison.Ordinal);

        var status = await OkAsync("market-source", "status");
        Assert.Contains("eBay Marketplace Insights", status, StringComparison.Ordinal);
        Assert.DoesNotContain("Connected ", status, StringComparison.Ordinal);
    }
}

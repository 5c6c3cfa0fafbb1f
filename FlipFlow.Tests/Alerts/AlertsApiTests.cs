using System.Net;
using System.Net.Http.Json;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Api;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Alerts;

/// <summary>The alert endpoints over the real app: channels for Admin keys only, a test sent to a real receiver, and the history.</summary>
[Trait("Category", "Integration")]
public sealed class AlertsApiTests : IAsyncLifetime
{
    private FlipFlowApp app = default!;

    public async Task InitializeAsync() => app = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task An_admin_key_adds_tests_switches_off_and_removes_a_channel_and_every_key_reads_the_history()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await app.NewApiClientAsync(Roles.Admin);
        using var operatorClient = await app.NewApiClientAsync(Roles.Operator);
        using var viewer = await app.NewApiClientAsync(Roles.Viewer);

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync("/api/v1/alerts/channels", new { name = "ops", url = receiver.Url })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/alerts/channels")).StatusCode);
        var created = await (await admin.PostAsJsonAsync("/api/v1/alerts/channels", new { name = "ops", url = receiver.Url, format = "json" })).JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        Assert.Equal(new Uri(receiver.Url).Authority, created["host"]!.GetValue<string>());
        Assert.Equal(["url"], await (await admin.PostAsJsonAsync("/api/v1/alerts/channels", new { name = "other", url = "ftp://example.com" })).FieldErrorsAsync());
        Assert.Equal(["format"], await (await admin.PostAsJsonAsync("/api/v1/alerts/channels", new { name = "other", url = receiver.Url, format = "xml" })).FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/alerts/channels", new { name = "ops", url = receiver.Url })).StatusCode);

        var tested = await (await admin.PostAsync($"/api/v1/alerts/channels/{id}/test", null)).JsonAsync(HttpStatusCode.OK);
        var off = await (await admin.PatchAsJsonAsync($"/api/v1/alerts/channels/{id}", new { enabled = false })).JsonAsync(HttpStatusCode.OK);
        var history = await (await viewer.GetAsync("/api/v1/alerts")).JsonAsync(HttpStatusCode.OK);

        Assert.True(tested["sent"]!.GetValue<bool>());
        Assert.Single(receiver.Bodies);
        Assert.False(off["enabled"]!.GetValue<bool>());
        var alert = history["items"]![0]!;
        Assert.Equal(("Test", "Sent"), (alert["kind"]!.GetValue<string>(), alert["deliveries"]![0]!["status"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/alerts/channels/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/alerts/channels/{id}/test", null)).StatusCode);
    }
}

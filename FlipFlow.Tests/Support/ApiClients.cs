using System.Net.Http.Headers;
using FlipFlow.Infrastructure.Security.ApiKeys;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Support;

/// <summary>Clients of the API, each with a key of its own made through the real key service.</summary>
public static class ApiClients
{
    /// <summary>A client of the app that sends <c>Authorization: Bearer &lt;key&gt;</c> with a new key of <paramref name="role"/>.</summary>
    public static async Task<HttpClient> NewApiClientAsync(this FlipFlowApp app, string role)
    {
        var issued = await app.Services.GetRequiredService<ApiKeyAdministration>()
            .CreateAsync($"tests-{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}", role, "tests");
        var client = app.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Material);
        return client;
    }
}

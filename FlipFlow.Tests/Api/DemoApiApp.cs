using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Api;

/// <summary>
/// The real app over a database made by <c>db seed --demo</c> (about 2,000 Demo listings with 120 days of history, and 120 days of the demo market), for the API's
/// read tests; one per test class. The jobs that change listings are off, so a figure read twice is the same figure.
/// </summary>
public sealed class DemoApiApp : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Quiet = new()
    {
        ["Jobs:demo-market:Enabled"] = "false",
        ["Jobs:listings-sync:Enabled"] = "false",
        ["Jobs:listing-snapshots:Enabled"] = "false",
        ["Jobs:zombie-scan:Enabled"] = "false",
        ["Jobs:zombie-auto-resurrect:Enabled"] = "false",
        ["Jobs:listing-offers:Enabled"] = "false",
        ["Jobs:market-scan:Enabled"] = "false",
    };

    public FlipFlowApp App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await CliAsync(database, "db", "migrate");
        await CliAsync(database, "db", "seed", "--demo");
        App = await FlipFlowApp.StartAsync(database, Quiet);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Runs a verb over the app's database, as a shell beside the server would, and returns what it printed.</summary>
    public Task<string> CliAsync(params string[] args) => CliAsync(App.Database, args);

    private static async Task<string> CliAsync(TestDatabase database, params string[] args)
    {
        var configuration = database.Settings.ToDictionary();
        foreach (var (key, value) in Quiet)
        {
            configuration[key] = value;
        }
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FlipFlowCli.RunAsync(args, configuration, output, error);
        Assert.True(exit == FlipFlowCli.Ok, $"{string.Join(' ', args)} exited {exit}: {error}");
        return output.ToString();
    }
}

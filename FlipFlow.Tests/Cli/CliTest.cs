using System.Text.Json;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Cli;

/// <summary>What one invocation of the command line printed and returned.</summary>
public sealed record CliResult(int Exit, string Output, string Error);

/// <summary>
/// Base of the command-line tests: a database of their own, optionally migrated first, and each invocation run in a
/// host of its own as a shell would, with the given settings on top of the database's.
/// </summary>
public abstract class CliTest(bool migrate = true, params (string Key, string Value)[] settings) : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        if (migrate)
            await OkAsync("db", "migrate");
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected async Task<CliResult> RunAsync(params string[] args)
    {
        var configuration = Database.Settings.ToDictionary();
        foreach (var (key, value) in settings)
            configuration[key] = value;
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FlipFlowCli.RunAsync(args, configuration, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs a verb that must succeed and returns what it printed.</summary>
    protected async Task<string> OkAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == FlipFlowCli.Ok, $"{string.Join(' ', args)} exited {exit}: {error}");
        return output;
    }

    /// <summary>Runs a verb that must succeed and parses the JSON it printed.</summary>
    protected async Task<JsonElement> JsonAsync(params string[] args) =>
        JsonDocument.Parse(await OkAsync(args)).RootElement.Clone();
}

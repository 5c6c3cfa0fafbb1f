using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlipFlow.Tests.Jobs;

/// <summary>
/// One real FlipFlow process, <c>dotnet FlipFlow.Web.dll</c> from the tests' output folder, configured by
/// environment variables as an operator would and listening on a free port of its own. Disposing it kills it.
/// </summary>
public sealed partial class ProcessNode : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private Uri? address;

    private ProcessNode(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    /// <summary>
    /// The node name the process reported at /health (scheduler.instanceId) to a signed-in Admin: what its runs carry
    /// as their Node. Empty unless <see cref="WaitUntilHealthyAsync"/> was given an Admin to sign in as.
    /// </summary>
    public string InstanceId { get; private set; } = "";

    /// <param name="settings">FlipFlow settings as appsettings.json keys ("Jobs:history-cleanup:Cron").</param>
    /// <param name="withHeldJobs">Adds <see cref="ProcessHeldJobs"/> to the process's job catalogue.</param>
    public static ProcessNode Start(string name, IReadOnlyDictionary<string, string?> settings, bool withHeldJobs = false)
    {
        var folder = AppContext.BaseDirectory;
        var dataFolder = settings.TryGetValue("FlipFlow:DataFolder", out var configured) && configured is { Length: > 0 }
            ? configured
            : throw new ArgumentException("FlipFlow:DataFolder is required: each process keeps its files apart.", nameof(settings));
        Directory.CreateDirectory(dataFolder);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "FlipFlow.Web.dll")])
        {
            WorkingDirectory = dataFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }
        // appsettings.json of the app's build is copied next to the tests; port 0 lets the system pick a free port.
        start.Environment["FLIPFLOW_CONTENT_ROOT"] = folder;
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        if (withHeldJobs)
        {
            // The app's dependency file does not list the test assembly; an additional one lets the runtime load
            // it, and ASP.NET Core then runs its hosting startup, which registers the held jobs.
            start.Environment["DOTNET_ADDITIONAL_DEPS"] = WriteTestAssemblyDeps(dataFolder);
            start.Environment["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = typeof(ProcessHeldJobs).Assembly.GetName().Name;
        }

        var process = new Process { StartInfo = start };
        var node = new ProcessNode(name, process);
        process.OutputDataReceived += (_, line) => node.Read(line.Data);
        process.ErrorDataReceived += (_, line) => node.Read(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private static string WriteTestAssemblyDeps(string dataFolder)
    {
        var assembly = typeof(ProcessHeldJobs).Assembly.GetName();
        var library = $"{assembly.Name}/{assembly.Version}";
        var target = AppContext.TargetFrameworkName ?? throw new InvalidOperationException("The tests run without a target framework name.");
        var deps = new Dictionary<string, object>
        {
            ["runtimeTarget"] = new { name = target },
            ["targets"] = new Dictionary<string, object>
            {
                [target] = new Dictionary<string, object> { [library] = new { runtime = new Dictionary<string, object> { [$"{assembly.Name}.dll"] = new { } } } },
            },
            ["libraries"] = new Dictionary<string, object> { [library] = new { type = "project", serviceable = false, sha512 = "" } },
        };
        var path = Path.Combine(dataFolder, "process-tests.deps.json");
        File.WriteAllText(path, JsonSerializer.Serialize(deps));
        return path;
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        if (address is null && ListeningOn().Match(line) is { Success: true } match)
        {
            address = new Uri(match.Groups[1].Value);
        }
    }

    /// <summary>
    /// Waits until the process answers /health with 200; given an Admin, signs in as them and learns the scheduler
    /// instance id from the detailed answer (the anonymous one has none).
    /// </summary>
    public async Task<string> WaitUntilHealthyAsync(TimeSpan? limit = null, (string Email, string Password)? admin = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before it was healthy.\n{Output}");
            }
            if (address is not null)
            {
                try
                {
                    using var response = await Http.GetAsync(new Uri(address, "/health"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        if (admin is { } signIn)
                        {
                            InstanceId = await InstanceIdAsync(address, signIn.Email, signIn.Password);
                        }
                        return InstanceId;
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // Listening, but not answering yet.
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not healthy within {limit ?? TimeSpan.FromSeconds(60)}.\n{Output}");
    }

    private static async Task<string> InstanceIdAsync(Uri address, string email, string password)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        await FlipFlow.Tests.Support.Forms.SignInAsync(client, email, password);
        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
        return health.RootElement.GetProperty("scheduler").TryGetProperty("instanceId", out var id) ? id.GetString() ?? ""
            : throw new InvalidOperationException($"{email} signed in, but /health gave no instance id: {health.RootElement}");
    }

    /// <summary>Kills the process outright (SIGKILL): no shutdown, no finally blocks, as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>What the process printed, for failure messages.</summary>
    public string Output => $"--- {Name} output ---\n{string.Join('\n', output)}";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}

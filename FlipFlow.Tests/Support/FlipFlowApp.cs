using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Support;

/// <summary>
/// The real FlipFlow web app on a real Kestrel port, over its own test database. It captures what the app
/// prints at start (the first Admin's password) and every log line.
/// </summary>
public sealed partial class FlipFlowApp : WebApplicationFactory<Program>
{
    private readonly StringWriter startupConsole = new();

    private readonly IReadOnlyDictionary<string, string?> extraSettings;

    private readonly Action<IServiceCollection>? configureServices;

    /// <summary>
    /// Sign-in posts each test app takes per client address and minute unless a test sets its own: tests sign in many
    /// times from 127.0.0.1, so the real limit would make them fail by how fast the machine runs them.
    /// </summary>
    public const string TestAttemptsPerMinute = "100000";

    private FlipFlowApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        Database = database;
        var all = new Dictionary<string, string?> { ["SignIn:AttemptsPerMinute"] = TestAttemptsPerMinute };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        extraSettings = all;
        configureServices = services;
    }

    public TestDatabase Database { get; }

    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The same log as <see cref="Logs"/>, entry by entry, with each entry's scopes (its request id among them).</summary>
    public LogCapture LogEntries { get; } = new();

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The generated password the app printed at its first start.</summary>
    public string AdminPassword => FirstAdminPassword().Match(startupConsole.ToString()) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The app printed no first Admin password:\n" + startupConsole);

    public string StartupOutput => startupConsole.ToString();

    /// <param name="settings">Settings beyond the database's, as appsettings.json would give them.</param>
    /// <param name="services">Changes to the app's services, made after the app's own.</param>
    public static async Task<FlipFlowApp> StartAsync(TestDatabase? database = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var app = new FlipFlowApp(database ?? await TestDatabase.CreateAsync(), settings, services);
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        app.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Database.Settings.Concat(extraSettings))
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton(new StartupConsole(startupConsole)));
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new CapturingLoggerProvider(Logs));
            logging.AddProvider(LogEntries);
        });
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient NewClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = BaseAddress,
        // No request of the app should take long; a hang must fail the test, not stall the run.
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// A client like <see cref="NewClient()"/> whose connections come from <paramref name="from"/>, another loopback
    /// address (127.0.0.2, ...), as a second machine's would.
    /// </summary>
    public HttpClient NewClient(IPAddress from) => new(new SocketsHttpHandler
    {
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A user with the role and a password of their own (no forced change), made through the feature service.</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(string role, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}@example.com";
        var issued = await Services.GetRequiredService<IUserAdministration>().CreateAsync(email, role);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlipFlowUser>>();
        var user = await users.FindByIdAsync(issued.User.Id) ?? throw new InvalidOperationException("The new user vanished.");
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        return (email, issued.Password);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    [GeneratedRegex(@"with the password: (\S+)")]
    private static partial Regex FirstAdminPassword();

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
    }
}

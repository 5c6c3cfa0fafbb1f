using FlipFlow.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Support;

/// <summary>FlipFlow's services over a test database, without the web server: for tests of feature services.</summary>
public static class TestHost
{
    /// <param name="configure">Services the test adds, such as jobs of its own.</param>
    public static IHost Build(TestDatabase database, TimeProvider? clock = null, Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = database.DataFolder });
        builder.Configuration.AddInMemoryCollection(database.Settings);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.ClearProviders();
        builder.Services.AddFlipFlowCore(builder.Configuration, clock);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}

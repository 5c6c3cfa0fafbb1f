using FlipFlow.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Tests.Support;

/// <summary>FlipFlow's services over a test database, without the web server: for tests of feature services.</summary>
public static class TestHost
{
    public static IHost Build(TestDatabase database, TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = database.DataFolder });
        builder.Configuration.AddInMemoryCollection(database.Settings);
        builder.Logging.ClearProviders();
        builder.Services.AddFlipFlowCore(builder.Configuration, clock);
        return builder.Build();
    }
}

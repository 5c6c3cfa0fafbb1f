using FlipFlow.Web.Cli;
using FlipFlow.Web.Hosting;

// One executable: with a verb (`db migrate`, `users list`, ...) it runs that verb and exits; without one it serves the console.
if (FlipFlowCli.IsInvocation(args))
{
    return await FlipFlowCli.RunAsync(args);
}

var app = WebHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

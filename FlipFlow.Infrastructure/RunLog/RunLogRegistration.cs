using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.RunLog;

public static class RunLogRegistration
{
    /// <summary>The log of every data run.</summary>
    public static IServiceCollection AddFlipFlowRunLog(this IServiceCollection services) => services.AddSingleton<DataRunLog>();
}

using System.Diagnostics;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Tests.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

// Only a process started with ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=FlipFlow.Tests runs this; the app never names it itself.
[assembly: HostingStartup(typeof(ProcessHeldJobs))]

namespace FlipFlow.Tests.Jobs;

/// <summary>
/// Two test-only catalogue jobs whose runs last until the process stops, added to a real FlipFlow process
/// through ASP.NET Core's hosting startup (see <see cref="ProcessNode"/>), so the product needs no job of
/// this kind. They differ only in whether a run cut off by a crash is run again at the next start.
/// </summary>
public sealed class ProcessHeldJobs : IHostingStartup
{
    /// <summary>Never fires by itself in practice: tests trigger these jobs by hand.</summary>
    private const string Never = "0 0 31 2 *";

    public static readonly JobDefinition Recoverable = new(
        "process-held-recoverable", "Held run, recovered after a crash", "Runs until its process stops; run again after a crash.",
        Never, RetryPolicy.None, RecoverAfterCrash: true);

    public static readonly JobDefinition NotRecoverable = new(
        "process-held", "Held run", "Runs until its process stops; not run again after a crash.",
        Never, RetryPolicy.None, RecoverAfterCrash: false);

    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services => Add(services));

    public static IServiceCollection Add(IServiceCollection services) => services
        .AddFlipFlowJob<HeldWork>(Recoverable)
        .AddFlipFlowJob<HeldWork>(NotRecoverable);

    /// <summary>
    /// Holds its run open until the run is cancelled, so a test can kill the process mid-run; the run that
    /// recovers a crashed one ends at once, so the test sees the recovery finish.
    /// </summary>
    public sealed class HeldWork : IJobWork
    {
        public const string RecoveredSummary = "recovered";

        public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
        {
            if (run.Trigger == JobTrigger.Recovery)
            {
                return RecoveredSummary;
            }
            run.Log("Holding until cancelled");
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new UnreachableException("An endless delay ends only by cancellation, which throws.");
        }
    }
}

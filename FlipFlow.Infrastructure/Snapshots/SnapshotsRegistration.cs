using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Snapshots;

public static class SnapshotsRegistration
{
    public static IServiceCollection AddFlipFlowSnapshots(this IServiceCollection services) => services
        .AddSingleton<ListingSnapshotter>()
        .AddFlipFlowJob<ListingSnapshotWork>(ListingSnapshotWork.Definition);
}

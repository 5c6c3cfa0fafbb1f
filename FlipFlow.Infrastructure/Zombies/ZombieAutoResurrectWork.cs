using FlipFlow.Domain.Jobs;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>
/// Opt-in: resurrects the worst "old and unsold" zombies daily, up to Zombies:AutoResurrect:DailyCap per UTC day.
/// Off (the default), it runs and says so. Safe to run twice: it counts what it resurrected today, and a listing
/// already in a batch is left out.
/// </summary>
public sealed class ZombieAutoResurrectWork(ZombieAutoResurrector resurrector, IOptionsMonitor<ZombieAutoResurrectOptions> options) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "zombie-auto-resurrect",
        "Auto-resurrect zombies",
        "When Zombies:AutoResurrect:Enabled is true, ends and relists the worst old-and-unsold zombies, at most " +
        "Zombies:AutoResurrect:DailyCap a day (UTC). Off by default.",
        "0 45 0 * * ?",
        RetryPolicy.Default);

    public Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken) =>
        resurrector.AutoResurrectAsync(options.CurrentValue, cancellationToken);
}

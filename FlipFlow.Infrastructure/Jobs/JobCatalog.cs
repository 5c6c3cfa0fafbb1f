using FlipFlow.Domain.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>A catalogue job as configured now: its definition, the schedule in force and whether it is enabled.</summary>
public sealed record CatalogEntry(JobDefinition Definition, Type WorkType, string Cron, bool Enabled);

/// <summary>
/// Every background job FlipFlow knows, in one place. Features add theirs with
/// <see cref="JobCatalogRegistration.AddFlipFlowJob{TWork}"/>; appsettings.json may override each job's
/// schedule (Jobs:&lt;id&gt;:Cron) or switch it off (Jobs:&lt;id&gt;:Enabled).
/// </summary>
public sealed class JobCatalog(IEnumerable<JobRegistration> registrations, IConfiguration configuration)
{
    private readonly IReadOnlyList<CatalogEntry> entries = registrations
        .Select(registration =>
        {
            var section = configuration.GetSection($"Jobs:{registration.Definition.Id}");
            var cron = section["Cron"] is { Length: > 0 } configured ? configured : registration.Definition.DefaultCron;
            if (CronSchedule.Validate(cron) is { } problem)
            {
                throw new InvalidOperationException($"Jobs:{registration.Definition.Id}:Cron: {problem}");
            }
            return new CatalogEntry(registration.Definition, registration.WorkType, cron, section.GetValue("Enabled", true));
        })
        .OrderBy(entry => entry.Definition.Title, StringComparer.OrdinalIgnoreCase)
        .ToList();

    public IReadOnlyList<CatalogEntry> Entries => entries;

    public CatalogEntry? Find(string jobId) =>
        entries.FirstOrDefault(entry => string.Equals(entry.Definition.Id, jobId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The entry, or a <see cref="UnknownJobException"/> naming the known ids.</summary>
    public CatalogEntry Get(string jobId) => Find(jobId) ?? throw new UnknownJobException(jobId, entries.Select(entry => entry.Definition.Id));
}

/// <summary>One job's registration: what <see cref="JobCatalogRegistration.AddFlipFlowJob{TWork}"/> adds.</summary>
public sealed record JobRegistration(JobDefinition Definition, Type WorkType);

public sealed class UnknownJobException(string jobId, IEnumerable<string> known)
    : Exception($"No job is called '{jobId}'. Jobs: {string.Join(", ", known)}.");

public static class JobCatalogRegistration
{
    /// <summary>Adds a job to the catalogue; <typeparamref name="TWork"/> is resolved in a scope of its own for each run.</summary>
    public static IServiceCollection AddFlipFlowJob<TWork>(this IServiceCollection services, JobDefinition definition)
        where TWork : class, IJobWork
    {
        services.AddScoped<TWork>();
        services.AddSingleton(new JobRegistration(definition, typeof(TWork)));
        return services;
    }
}

using FlipFlow.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Jobs;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("JobRuns");
        builder.HasKey(run => run.Id);
        builder.Property(run => run.Id).ValueGeneratedNever();
        builder.Property(run => run.JobId).HasMaxLength(100);
        builder.Property(run => run.Node).HasMaxLength(200);
        builder.Property(run => run.Trigger).HasConversion<string>().HasMaxLength(20);
        builder.Property(run => run.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(run => run.Error).HasMaxLength(4000);
        builder.Property(run => run.Summary).HasMaxLength(2000);
        builder.Ignore(run => run.Duration);
        builder.Ignore(run => run.StartedBy);
        // The job page lists a job's runs newest first; retention deletes by outcome and age; start-up finds
        // runs left Running; attempts of one run are read together.
        builder.HasIndex(run => new { run.JobId, run.StartedAt });
        builder.HasIndex(run => new { run.Outcome, run.StartedAt });
        builder.HasIndex(run => run.ChainId);
    }
}

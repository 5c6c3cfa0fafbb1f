using FlipFlow.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Jobs;

internal sealed class JobScheduleConfiguration : IEntityTypeConfiguration<JobSchedule>
{
    public void Configure(EntityTypeBuilder<JobSchedule> builder)
    {
        builder.ToTable("JobSchedules");
        builder.HasKey(schedule => schedule.JobId);
        builder.Property(schedule => schedule.JobId).HasMaxLength(100);
        builder.Property(schedule => schedule.Cron).HasMaxLength(200);
        builder.Property(schedule => schedule.EditedBy).HasMaxLength(256);
        builder.Property(schedule => schedule.PausedBy).HasMaxLength(256);
    }
}

using FlipFlow.Domain.Batches;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Batches;

internal sealed class BatchJobConfiguration : IEntityTypeConfiguration<BatchJob>
{
    public void Configure(EntityTypeBuilder<BatchJob> builder)
    {
        builder.ToTable("BatchJobs");
        builder.Property(batch => batch.Title).HasMaxLength(300);
        builder.Property(batch => batch.RequestedBy).HasMaxLength(256);
        builder.Property(batch => batch.Status).HasConversion<string>().HasMaxLength(30);
        builder.Ignore(batch => batch.FinishedJobs);
        builder.Ignore(batch => batch.Progress);
        builder.Ignore(batch => batch.IsFinished);
        builder.HasMany(batch => batch.Jobs).WithOne(job => job.Batch).HasForeignKey(job => job.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(batch => new { batch.Status, batch.CreatedAt });
        builder.HasIndex(batch => batch.CreatedAt);
    }
}

internal sealed class MarketplaceJobConfiguration : IEntityTypeConfiguration<MarketplaceJob>
{
    public void Configure(EntityTypeBuilder<MarketplaceJob> builder)
    {
        builder.ToTable("MarketplaceJobs");
        builder.Property(job => job.Operation).HasConversion<string>().HasMaxLength(20);
        builder.Property(job => job.Marketplace).HasConversion<string>().HasMaxLength(20);
        builder.Property(job => job.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(job => job.ClaimedBy).HasMaxLength(200);
        builder.Property(job => job.Error).HasMaxLength(2000);
        builder.Property(job => job.BackgroundJobId).HasMaxLength(100);
        builder.Ignore(job => job.IsFinished);
        builder.HasOne(job => job.Product).WithMany().HasForeignKey(job => job.ProductId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(job => job.Listing).WithMany().HasForeignKey(job => job.ListingId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(job => job.Tasks).WithOne().HasForeignKey(task => task.JobId).OnDelete(DeleteBehavior.Cascade);
        // The dispatcher looks for claimable jobs per marketplace in order; a batch page lists its jobs.
        builder.HasIndex(job => new { job.Status, job.Marketplace, job.Id });
        builder.HasIndex(job => new { job.BatchId, job.Status });
        builder.HasIndex(job => job.BackgroundJobId);
    }
}

internal sealed class MarketplaceTaskConfiguration : IEntityTypeConfiguration<MarketplaceTask>
{
    public void Configure(EntityTypeBuilder<MarketplaceTask> builder)
    {
        builder.ToTable("MarketplaceTasks");
        builder.Property(task => task.Step).HasConversion<string>().HasMaxLength(30);
        builder.Property(task => task.Name).HasMaxLength(100);
        builder.Property(task => task.Argument).HasMaxLength(1000);
        builder.Property(task => task.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(task => task.IdempotencyKey).HasMaxLength(100);
        builder.Property(task => task.Error).HasMaxLength(2000);
        builder.Ignore(task => task.Duration);
        builder.HasIndex(task => new { task.JobId, task.Order }).IsUnique();
        // Stats read the tasks that finished in a time window.
        builder.HasIndex(task => task.FinishedAt);
    }
}

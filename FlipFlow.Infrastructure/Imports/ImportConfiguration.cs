using FlipFlow.Domain.Imports;
using FlipFlow.Domain.Inventory;
using FlipFlow.Domain.Skus;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlipFlow.Infrastructure.Imports;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.ToTable("ImportRuns");
        builder.Property(run => run.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(run => run.Platform).HasConversion<string>().HasMaxLength(20);
        builder.Property(run => run.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(run => run.FileName).HasMaxLength(ImportRun.FileNameMaxLength);
        builder.Property(run => run.FileHash).HasMaxLength(64);
        builder.Property(run => run.StoredPath).HasMaxLength(500);
        builder.Property(run => run.Delimiter).HasMaxLength(20);
        builder.Property(run => run.Header).HasMaxLength(2000);
        builder.Property(run => run.CreatedBy).HasMaxLength(256);
        builder.Property(run => run.UndoneBy).HasMaxLength(256);
        builder.Property(run => run.Error).HasMaxLength(2000);
        builder.Ignore(run => run.IsFinished);
        builder.HasIndex(run => run.CreatedAt);
    }
}

internal sealed class ImportRowChangeConfiguration : IEntityTypeConfiguration<ImportRowChange>
{
    public void Configure(EntityTypeBuilder<ImportRowChange> builder)
    {
        builder.ToTable("ImportRowChanges");
        builder.Property(change => change.PriceBefore).HasPrecision(18, 2);
        builder.Property(change => change.NotesBefore).HasMaxLength(InventoryItem.NotesMaxLength);
        builder.Property(change => change.SkuBefore).HasMaxLength(SkuMapping.SkuMaxLength);
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(change => change.ImportId).OnDelete(DeleteBehavior.Cascade);
        // No foreign key to the item: an item may be deleted (by the undo of the import that added it) while a record of it stays.
        builder.HasIndex(change => new { change.ImportId, change.InventoryItemId }).IsUnique();
        builder.HasIndex(change => change.InventoryItemId);
    }
}

internal sealed class ImportRefusedRowConfiguration : IEntityTypeConfiguration<ImportRefusedRow>
{
    public void Configure(EntityTypeBuilder<ImportRefusedRow> builder)
    {
        builder.ToTable("ImportRefusedRows");
        builder.Property(row => row.Reason).HasMaxLength(1000);
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(row => row.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(row => new { row.ImportId, row.Row });
    }
}

internal sealed class ImportStagedRowConfiguration : IEntityTypeConfiguration<ImportStagedRow>
{
    public void Configure(EntityTypeBuilder<ImportStagedRow> builder)
    {
        builder.ToTable("ImportStagedRows");
        builder.Property(row => row.Treatment).HasMaxLength(40);
        builder.Property(row => row.ListingId).HasMaxLength(InventoryItem.ListingIdMaxLength);
        builder.Property(row => row.Sku).HasMaxLength(SkuMapping.SkuMaxLength);
        builder.Property(row => row.Price).HasPrecision(18, 2);
        builder.Property(row => row.Notes).HasMaxLength(InventoryItem.NotesMaxLength);
        builder.HasIndex(row => new { row.ImportId, row.SellerId, row.CardId, row.Treatment, row.ListingId });
    }
}

using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.ApiKeys;
using FlipFlow.Domain.Sellers;
using FlipFlow.Domain.Skus;
using FlipFlow.Domain.Inventory;
using FlipFlow.Domain.Imports;
using FlipFlow.Infrastructure.Imports;

namespace FlipFlow.Infrastructure.Database;

/// <summary>
/// FlipFlow's one database: Identity's tables and every feature's. Each provider has a subclass only so
/// that its migrations can be told apart; the model is the same for all three.
/// </summary>
public abstract class FlipFlowDbContext(DbContextOptions options)
    : IdentityDbContext<FlipFlowUser, IdentityRole, string>(options)
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<JobSchedule> JobSchedules => Set<JobSchedule>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<ListingEvent> ListingEvents => Set<ListingEvent>();

    public DbSet<ListingSnapshot> ListingSnapshots => Set<ListingSnapshot>();

    public DbSet<ListingOffer> ListingOffers => Set<ListingOffer>();

    public DbSet<DailyListingTotals> DailyListingTotals => Set<DailyListingTotals>();

    public DbSet<BatchJob> BatchJobs => Set<BatchJob>();

    public DbSet<MarketplaceJob> MarketplaceJobs => Set<MarketplaceJob>();

    public DbSet<MarketplaceTask> MarketplaceTasks => Set<MarketplaceTask>();

    public DbSet<MarketplaceConnection> MarketplaceConnections => Set<MarketplaceConnection>();

    public DbSet<DemoListing> DemoListings => Set<DemoListing>();

    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<MarketListing> MarketListings => Set<MarketListing>();

    public DbSet<MarketListingEvent> MarketListingEvents => Set<MarketListingEvent>();

    public DbSet<MarketImport> MarketImports => Set<MarketImport>();

    public DbSet<MarketSourceConnection> MarketSourceConnections => Set<MarketSourceConnection>();

    public DbSet<Seller> Sellers => Set<Seller>();

    public DbSet<SellerMerge> SellerMerges => Set<SellerMerge>();

    public DbSet<SellerMergeSource> SellerMergeSources => Set<SellerMergeSource>();

    public DbSet<SellerMergeMove> SellerMergeMoves => Set<SellerMergeMove>();

    public DbSet<SkuMapping> SkuMappings => Set<SkuMapping>();

    public DbSet<SkuMappingDecision> SkuMappingDecisions => Set<SkuMappingDecision>();

    public DbSet<InventoryItem> InventoryItems => Set<InventoryItem>();

    public DbSet<InventorySnapshot> InventorySnapshots => Set<InventorySnapshot>();

    public DbSet<FlipFlow.Domain.Alerts.Alert> Alerts => Set<FlipFlow.Domain.Alerts.Alert>();

    public DbSet<FlipFlow.Domain.Alerts.AlertChannel> AlertChannels => Set<FlipFlow.Domain.Alerts.AlertChannel>();

    public DbSet<FlipFlow.Domain.Alerts.AlertDelivery> AlertDeliveries => Set<FlipFlow.Domain.Alerts.AlertDelivery>();

    public DbSet<FlipFlow.Domain.Quality.QualityFix> QualityFixes => Set<FlipFlow.Domain.Quality.QualityFix>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<ImportRowChange> ImportRowChanges => Set<ImportRowChange>();

    public DbSet<ImportRefusedRow> ImportRefusedRows => Set<ImportRefusedRow>();

    internal DbSet<ImportStagedRow> ImportStagedRows => Set<ImportStagedRow>();

    public DbSet<FlipFlow.Domain.Ingest.IngestSession> IngestSessions => Set<FlipFlow.Domain.Ingest.IngestSession>();

    public DbSet<FlipFlow.Domain.Ingest.IngestItem> IngestItems => Set<FlipFlow.Domain.Ingest.IngestItem>();

    public DbSet<FlipFlow.Domain.Ingest.IngestPayload> IngestPayloads => Set<FlipFlow.Domain.Ingest.IngestPayload>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FlipFlowDbContext).Assembly);
    }
}

public sealed class SqliteFlipFlowDbContext(DbContextOptions<SqliteFlipFlowDbContext> options) : FlipFlowDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite stores DateTimeOffset as text, which it can neither order nor compare; UTC ticks can.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }
}

public sealed class PostgreSqlFlipFlowDbContext(DbContextOptions<PostgreSqlFlipFlowDbContext> options) : FlipFlowDbContext(options);

public sealed class SqlServerFlipFlowDbContext(DbContextOptions<SqlServerFlipFlowDbContext> options) : FlipFlowDbContext(options);

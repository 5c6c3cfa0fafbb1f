using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SkusInventoryImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ImportRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    FileHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FileBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredPath = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Header = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Delimiter = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    SkipInvalid = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    TotalRows = table.Column<int>(type: "INTEGER", nullable: false),
                    ProcessedRows = table.Column<int>(type: "INTEGER", nullable: false),
                    Added = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Refused = table.Column<int>(type: "INTEGER", nullable: false),
                    Held = table.Column<int>(type: "INTEGER", nullable: false),
                    NewSellers = table.Column<int>(type: "INTEGER", nullable: false),
                    NewMappings = table.Column<int>(type: "INTEGER", nullable: false),
                    MappingsToReview = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UndoneBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UndoneAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImportStagedRows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportId = table.Column<long>(type: "INTEGER", nullable: false),
                    SellerId = table.Column<long>(type: "INTEGER", nullable: false),
                    CardId = table.Column<int>(type: "INTEGER", nullable: false),
                    Treatment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ListingId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportStagedRows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InventoryItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SellerId = table.Column<long>(type: "INTEGER", nullable: false),
                    CardId = table.Column<int>(type: "INTEGER", nullable: false),
                    Treatment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ListingId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ListedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastVerifiedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastImportId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedByImportId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InventoryItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InventoryItems_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InventoryItems_Sellers_SellerId",
                        column: x => x.SellerId,
                        principalTable: "Sellers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SkuMappings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ExternalSku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CardId = table.Column<int>(type: "INTEGER", nullable: true),
                    Treatment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Confidence = table.Column<double>(type: "REAL", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    RunnerUpCardId = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    SampleTitle = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    RowsSeen = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    VerifiedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ResolverVersion = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkuMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SkuMappings_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SkuMappings_Cards_RunnerUpCardId",
                        column: x => x.RunnerUpCardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ImportRefusedRows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportId = table.Column<long>(type: "INTEGER", nullable: false),
                    Row = table.Column<int>(type: "INTEGER", nullable: false),
                    Line = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Held = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRefusedRows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportRefusedRows_ImportRuns_ImportId",
                        column: x => x.ImportId,
                        principalTable: "ImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportRowChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportId = table.Column<long>(type: "INTEGER", nullable: false),
                    InventoryItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    QuantityBefore = table.Column<int>(type: "INTEGER", nullable: false),
                    PriceBefore = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    NotesBefore = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SkuBefore = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAtBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    LastVerifiedAtBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    LastImportIdBefore = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRowChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportRowChanges_ImportRuns_ImportId",
                        column: x => x.ImportId,
                        principalTable: "ImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SkuMappingDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MappingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CardId = table.Column<int>(type: "INTEGER", nullable: true),
                    Treatment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkuMappingDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SkuMappingDecisions_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SkuMappingDecisions_SkuMappings_MappingId",
                        column: x => x.MappingId,
                        principalTable: "SkuMappings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRefusedRows_ImportId_Row",
                table: "ImportRefusedRows",
                columns: new[] { "ImportId", "Row" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRowChanges_ImportId_InventoryItemId",
                table: "ImportRowChanges",
                columns: new[] { "ImportId", "InventoryItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportRowChanges_InventoryItemId",
                table: "ImportRowChanges",
                column: "InventoryItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_CreatedAt",
                table: "ImportRuns",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ImportStagedRows_ImportId_SellerId_CardId_Treatment_ListingId",
                table: "ImportStagedRows",
                columns: new[] { "ImportId", "SellerId", "CardId", "Treatment", "ListingId" });

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItems_CardId_Treatment",
                table: "InventoryItems",
                columns: new[] { "CardId", "Treatment" });

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItems_CreatedByImportId",
                table: "InventoryItems",
                column: "CreatedByImportId");

            migrationBuilder.CreateIndex(
                name: "IX_InventoryItems_SellerId_CardId_Treatment_ListingId",
                table: "InventoryItems",
                columns: new[] { "SellerId", "CardId", "Treatment", "ListingId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SkuMappingDecisions_CardId",
                table: "SkuMappingDecisions",
                column: "CardId");

            migrationBuilder.CreateIndex(
                name: "IX_SkuMappingDecisions_MappingId_DecidedAt",
                table: "SkuMappingDecisions",
                columns: new[] { "MappingId", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SkuMappings_CardId",
                table: "SkuMappings",
                column: "CardId");

            migrationBuilder.CreateIndex(
                name: "IX_SkuMappings_Platform_ExternalSku",
                table: "SkuMappings",
                columns: new[] { "Platform", "ExternalSku" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SkuMappings_RunnerUpCardId",
                table: "SkuMappings",
                column: "RunnerUpCardId");

            migrationBuilder.CreateIndex(
                name: "IX_SkuMappings_Status_Confidence",
                table: "SkuMappings",
                columns: new[] { "Status", "Confidence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportRefusedRows");

            migrationBuilder.DropTable(
                name: "ImportRowChanges");

            migrationBuilder.DropTable(
                name: "ImportStagedRows");

            migrationBuilder.DropTable(
                name: "InventoryItems");

            migrationBuilder.DropTable(
                name: "SkuMappingDecisions");

            migrationBuilder.DropTable(
                name: "ImportRuns");

            migrationBuilder.DropTable(
                name: "SkuMappings");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UrlIngest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Condition",
                table: "MarketListings",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ImageUrls",
                table: "MarketListings",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastModifiedAt",
                table: "MarketListings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IngestSessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: true),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Succeeded = table.Column<int>(type: "INTEGER", nullable: false),
                    Partial = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    Invalid = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IngestItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Row = table.Column<int>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CanonicalUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    MarketListingId = table.Column<long>(type: "INTEGER", nullable: true),
                    Adapter = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    AdapterVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Quality = table.Column<double>(type: "REAL", nullable: true),
                    Found = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BackgroundJobId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IngestItems_IngestSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "IngestSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IngestPayloads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FetchedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OriginalBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Truncated = table.Column<bool>(type: "INTEGER", nullable: false),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestPayloads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IngestPayloads_IngestItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "IngestItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IngestItems_MarketListingId",
                table: "IngestItems",
                column: "MarketListingId");

            migrationBuilder.CreateIndex(
                name: "IX_IngestItems_SessionId_Row",
                table: "IngestItems",
                columns: new[] { "SessionId", "Row" });

            migrationBuilder.CreateIndex(
                name: "IX_IngestItems_SessionId_Status",
                table: "IngestItems",
                columns: new[] { "SessionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_IngestPayloads_FetchedAt",
                table: "IngestPayloads",
                column: "FetchedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IngestPayloads_ItemId",
                table: "IngestPayloads",
                column: "ItemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IngestPayloads");

            migrationBuilder.DropTable(
                name: "IngestItems");

            migrationBuilder.DropTable(
                name: "IngestSessions");

            migrationBuilder.DropColumn(
                name: "Condition",
                table: "MarketListings");

            migrationBuilder.DropColumn(
                name: "ImageUrls",
                table: "MarketListings");

            migrationBuilder.DropColumn(
                name: "LastModifiedAt",
                table: "MarketListings");
        }
    }
}

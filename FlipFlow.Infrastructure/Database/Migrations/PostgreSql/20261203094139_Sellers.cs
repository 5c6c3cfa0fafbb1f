using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Sellers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings");

            migrationBuilder.AddColumn<long>(
                name: "SellerId",
                table: "MarketListings",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Sellers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Platform = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PlatformSellerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FeedbackScore = table.Column<int>(type: "integer", nullable: true),
                    FeedbackPercent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    MergedIntoId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sellers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sellers_Sellers_MergedIntoId",
                        column: x => x.MergedIntoId,
                        principalTable: "Sellers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SellerMerges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TargetSellerId = table.Column<long>(type: "bigint", nullable: false),
                    MergedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    MergedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UndoneBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    UndoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SellerMerges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SellerMerges_Sellers_TargetSellerId",
                        column: x => x.TargetSellerId,
                        principalTable: "Sellers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SellerMergeMoves",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MergeId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RowId = table.Column<long>(type: "bigint", nullable: false),
                    FromSellerId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SellerMergeMoves", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SellerMergeMoves_SellerMerges_MergeId",
                        column: x => x.MergeId,
                        principalTable: "SellerMerges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SellerMergeSources",
                columns: table => new
                {
                    MergeId = table.Column<long>(type: "bigint", nullable: false),
                    SellerId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SellerMergeSources", x => new { x.MergeId, x.SellerId });
                    table.ForeignKey(
                        name: "FK_SellerMergeSources_SellerMerges_MergeId",
                        column: x => x.MergeId,
                        principalTable: "SellerMerges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SellerMergeSources_Sellers_SellerId",
                        column: x => x.SellerId,
                        principalTable: "Sellers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings",
                columns: new[] { "Status", "SoldAt", "IsBulkLot", "CardId", "Treatment", "Currency", "ProductType", "ProductSubtype", "Platform", "SellerId", "Price" });

            migrationBuilder.CreateIndex(
                name: "IX_MarketListings_SellerId_Status_SoldAt",
                table: "MarketListings",
                columns: new[] { "SellerId", "Status", "SoldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SellerMergeMoves_MergeId_Kind_RowId",
                table: "SellerMergeMoves",
                columns: new[] { "MergeId", "Kind", "RowId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SellerMerges_TargetSellerId",
                table: "SellerMerges",
                column: "TargetSellerId");

            migrationBuilder.CreateIndex(
                name: "IX_SellerMergeSources_SellerId",
                table: "SellerMergeSources",
                column: "SellerId");

            migrationBuilder.CreateIndex(
                name: "IX_Sellers_MergedIntoId",
                table: "Sellers",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_Sellers_Platform_PlatformSellerId",
                table: "Sellers",
                columns: new[] { "Platform", "PlatformSellerId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SellerMergeMoves");

            migrationBuilder.DropTable(
                name: "SellerMergeSources");

            migrationBuilder.DropTable(
                name: "SellerMerges");

            migrationBuilder.DropTable(
                name: "Sellers");

            migrationBuilder.DropIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings");

            migrationBuilder.DropIndex(
                name: "IX_MarketListings_SellerId_Status_SoldAt",
                table: "MarketListings");

            migrationBuilder.DropColumn(
                name: "SellerId",
                table: "MarketListings");

            migrationBuilder.CreateIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings",
                columns: new[] { "Status", "SoldAt", "IsBulkLot", "CardId", "Treatment", "Currency", "ProductType", "ProductSubtype", "Platform", "SellerText", "Price" });
        }
    }
}

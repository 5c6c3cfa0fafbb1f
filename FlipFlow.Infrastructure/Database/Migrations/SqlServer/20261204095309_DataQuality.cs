using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DataQuality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings");

            migrationBuilder.AddColumn<long>(
                name: "ExcludedByFixId",
                table: "MarketListings",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "QualityFixes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Check = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Listings = table.Column<int>(type: "int", nullable: false),
                    AppliedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    AppliedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UndoneBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    UndoneAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QualityFixes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings",
                columns: new[] { "Status", "SoldAt", "IsBulkLot", "ExcludedByFixId", "CardId", "Treatment", "Currency", "ProductType", "ProductSubtype", "Platform", "SellerId", "Price", "FirstSeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InventorySnapshots_Date_Treatment_Quantity",
                table: "InventorySnapshots",
                columns: new[] { "Date", "Treatment", "Quantity" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "QualityFixes");

            migrationBuilder.DropIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings");

            migrationBuilder.DropIndex(
                name: "IX_InventorySnapshots_Date_Treatment_Quantity",
                table: "InventorySnapshots");

            migrationBuilder.DropColumn(
                name: "ExcludedByFixId",
                table: "MarketListings");

            migrationBuilder.CreateIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings",
                columns: new[] { "Status", "SoldAt", "IsBulkLot", "CardId", "Treatment", "Currency", "ProductType", "ProductSubtype", "Platform", "SellerId", "Price" });
        }
    }
}

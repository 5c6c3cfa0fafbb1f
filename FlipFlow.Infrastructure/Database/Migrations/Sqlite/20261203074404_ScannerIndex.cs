using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScannerIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MarketListings_Status_SoldAt",
                table: "MarketListings");

            migrationBuilder.CreateIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings",
                columns: new[] { "Status", "SoldAt", "IsBulkLot", "CardId", "Treatment", "Currency", "ProductType", "ProductSubtype", "Platform", "SellerText", "Price" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MarketListings_Scanner",
                table: "MarketListings");

            migrationBuilder.CreateIndex(
                name: "IX_MarketListings_Status_SoldAt",
                table: "MarketListings",
                columns: new[] { "Status", "SoldAt" });
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListingHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Impressions",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastSaleAt",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastSyncedAt",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QuantitySold",
                table: "Listings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "SnoozedUntil",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Views",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Watchers",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DailyListingTotals",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Marketplace = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ActiveListings = table.Column<int>(type: "INTEGER", nullable: false),
                    Views = table.Column<int>(type: "INTEGER", nullable: true),
                    Impressions = table.Column<int>(type: "INTEGER", nullable: true),
                    Watchers = table.Column<int>(type: "INTEGER", nullable: true),
                    UnitsSold = table.Column<int>(type: "INTEGER", nullable: false),
                    Revenue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    ListedValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyListingTotals", x => new { x.Date, x.Marketplace, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "ListingEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ListingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OldValue = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: true),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListingEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ListingEvents_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ListingOffers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ListingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    DiscountPercent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    Watchers = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RemoteId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SentBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListingOffers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ListingOffers_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ListingSnapshots",
                columns: table => new
                {
                    ListingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Views = table.Column<int>(type: "INTEGER", nullable: true),
                    Impressions = table.Column<int>(type: "INTEGER", nullable: true),
                    Watchers = table.Column<int>(type: "INTEGER", nullable: true),
                    ViewsTotal = table.Column<int>(type: "INTEGER", nullable: true),
                    ImpressionsTotal = table.Column<int>(type: "INTEGER", nullable: true),
                    Price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UnitsSold = table.Column<int>(type: "INTEGER", nullable: false),
                    SoldTotal = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ListingSnapshots", x => new { x.ListingId, x.Date });
                    table.ForeignKey(
                        name: "FK_ListingSnapshots_Listings_ListingId",
                        column: x => x.ListingId,
                        principalTable: "Listings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Listings_ListedAt",
                table: "Listings",
                column: "ListedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ListingEvents_Kind_At",
                table: "ListingEvents",
                columns: new[] { "Kind", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ListingEvents_ListingId_At",
                table: "ListingEvents",
                columns: new[] { "ListingId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ListingOffers_ListingId_SentAt",
                table: "ListingOffers",
                columns: new[] { "ListingId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ListingOffers_SentAt",
                table: "ListingOffers",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_ListingSnapshots_Date",
                table: "ListingSnapshots",
                column: "Date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DailyListingTotals");

            migrationBuilder.DropTable(
                name: "ListingEvents");

            migrationBuilder.DropTable(
                name: "ListingOffers");

            migrationBuilder.DropTable(
                name: "ListingSnapshots");

            migrationBuilder.DropIndex(
                name: "IX_Listings_ListedAt",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "Impressions",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "LastSaleAt",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "LastSyncedAt",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "QuantitySold",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "SnoozedUntil",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "Views",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "Watchers",
                table: "Listings");
        }
    }
}

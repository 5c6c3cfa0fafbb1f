using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class HangfireEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BackgroundJobId",
                table: "MarketplaceJobs",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "JobSchedules",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Cron = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    EditedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EditedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Paused = table.Column<bool>(type: "bit", nullable: false),
                    PausedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    PausedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobSchedules", x => x.JobId);
                });

            QuartzRemoval.CarryOverAndDrop(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "IX_MarketplaceJobs_BackgroundJobId",
                table: "MarketplaceJobs",
                column: "BackgroundJobId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobSchedules");

            migrationBuilder.DropIndex(
                name: "IX_MarketplaceJobs_BackgroundJobId",
                table: "MarketplaceJobs");

            migrationBuilder.DropColumn(
                name: "BackgroundJobId",
                table: "MarketplaceJobs");
        }
    }
}

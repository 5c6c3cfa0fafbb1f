using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ZombieVerdicts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "JudgedAt",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ZombieDiagnosis",
                table: "Listings",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ZombieReasons",
                table: "Listings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ZombieScore",
                table: "Listings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Listings_ZombieScore",
                table: "Listings",
                column: "ZombieScore");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Listings_ZombieScore",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "JudgedAt",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "ZombieDiagnosis",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "ZombieReasons",
                table: "Listings");

            migrationBuilder.DropColumn(
                name: "ZombieScore",
                table: "Listings");
        }
    }
}

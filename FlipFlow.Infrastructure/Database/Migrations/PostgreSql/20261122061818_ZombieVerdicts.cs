using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FlipFlow.Infrastructure.Database.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ZombieVerdicts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "JudgedAt",
                table: "Listings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ZombieDiagnosis",
                table: "Listings",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ZombieReasons",
                table: "Listings",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ZombieScore",
                table: "Listings",
                type: "integer",
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

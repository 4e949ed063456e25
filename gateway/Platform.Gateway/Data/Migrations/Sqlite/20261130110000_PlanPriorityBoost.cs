using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Gateway.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlanPriorityBoost : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PriorityBoost",
                table: "plans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PriorityBoost",
                table: "plans");
        }
    }
}

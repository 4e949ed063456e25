using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Gateway.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsoleTenantSuspensionAndCompletionEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SuspendedAt",
                table: "tenants",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "completion_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ApiKeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CompletionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_completion_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_completion_events_OccurredAt",
                table: "completion_events",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_completion_events_TenantId_OccurredAt",
                table: "completion_events",
                columns: new[] { "TenantId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "completion_events");

            migrationBuilder.DropColumn(
                name: "SuspendedAt",
                table: "tenants");
        }
    }
}

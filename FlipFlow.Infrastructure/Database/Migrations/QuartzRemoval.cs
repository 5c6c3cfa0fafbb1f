using Microsoft.EntityFrameworkCore.Migrations;

namespace FlipFlow.Infrastructure.Database.Migrations;

/// <summary>
/// The move from Quartz.NET to Hangfire: what operators set on Quartz's schedule (pauses, and crons edited in the
/// console) is carried into <c>JobSchedules</c>, then Quartz's tables are dropped. A database that never ran
/// Quartz has none of them; the copy reads stand-ins created only when missing, so one script fits both.
/// Reverting needs nothing here: the previous FlipFlow's scheduler creates its tables when they are missing.
/// </summary>
internal static class QuartzRemoval
{
    /// <summary>Quartz's tables, those that reference others first.</summary>
    private static readonly string[] Tables =
    [
        "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_PAUSED_JOB_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS",
        "QRTZ_EXECUTION_HISTORY", "QRTZ_MISFIRE_HISTORY", "QRTZ_JOB_STATUS",
        "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_BLOB_TRIGGERS",
        "QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS",
    ];

    /// <summary>FlipFlow's scheduler name and job group on Quartz; the console marked an edited cron in the trigger's data.</summary>
    private const string Ours = "t.SCHED_NAME = 'flipflow' AND t.TRIGGER_GROUP = 'flipflow'";

    private const string Paused = "t.TRIGGER_STATE IN ('PAUSED', 'PAUSED_BLOCKED')";

    public static void CarryOverAndDrop(MigrationBuilder migrationBuilder)
    {
        // Unquoted names fold to lower case on PostgreSQL, where Quartz created them in lower case.
        var (stubIfMissing, blob, dataAsText, isPaused) = migrationBuilder.ActiveProvider switch
        {
            "Microsoft.EntityFrameworkCore.SqlServer" => (
                (Func<string, string, string>)((table, columns) => $"IF OBJECT_ID(N'{table}') IS NULL CREATE TABLE {table} ({columns});"),
                "varbinary(max)",
                "CAST(CAST(t.JOB_DATA AS varbinary(max)) AS varchar(max))",
                $"CASE WHEN {Paused} THEN CAST(1 AS bit) ELSE CAST(0 AS bit) END"),
            "Npgsql.EntityFrameworkCore.PostgreSQL" => (
                (table, columns) => $"CREATE TABLE IF NOT EXISTS {table} ({columns});",
                "bytea",
                "convert_from(t.JOB_DATA, 'UTF8')",
                Paused),
            _ => (
                (table, columns) => $"CREATE TABLE IF NOT EXISTS {table} ({columns});",
                "BLOB",
                "CAST(t.JOB_DATA AS TEXT)",
                Paused),
        };
        migrationBuilder.Sql(stubIfMissing("QRTZ_TRIGGERS",
            $"SCHED_NAME varchar(120), TRIGGER_NAME varchar(150), TRIGGER_GROUP varchar(150), TRIGGER_STATE varchar(16), JOB_DATA {blob}"));
        migrationBuilder.Sql(stubIfMissing("QRTZ_CRON_TRIGGERS",
            "SCHED_NAME varchar(120), TRIGGER_NAME varchar(150), TRIGGER_GROUP varchar(150), CRON_EXPRESSION varchar(250)"));
        var edited = $"{dataAsText} LIKE '%flipflow.cron-edited%'";
        migrationBuilder.Sql($"""
            INSERT INTO "JobSchedules" ("JobId", "Cron", "Paused")
            SELECT t.TRIGGER_NAME, CASE WHEN {edited} THEN c.CRON_EXPRESSION END, {isPaused}
            FROM QRTZ_TRIGGERS t
            LEFT JOIN QRTZ_CRON_TRIGGERS c
              ON c.SCHED_NAME = t.SCHED_NAME AND c.TRIGGER_NAME = t.TRIGGER_NAME AND c.TRIGGER_GROUP = t.TRIGGER_GROUP
            WHERE {Ours} AND ({Paused} OR {edited});
            """);
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Database;

/// <summary>What a bulk writer does differently on SQLite.</summary>
public static class SqliteBulkWrite
{
    /// <summary>
    /// On SQLite, lets the context's open connection keep every page a batch changes in memory (up to 32 MB) until the
    /// commit writes them once: with SQLite's 2 MB, the indexes of a large table spill to the log again and again within
    /// one batch. The connection gets the default back the next time it is opened. Elsewhere, nothing.
    /// </summary>
    public static async Task HoldBatchInMemoryAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -32768;", cancellationToken);
        }
    }
}

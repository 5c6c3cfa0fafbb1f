namespace FlipFlow.Infrastructure.Database;

/// <summary>
/// Lets this process's busy writers take turns on SQLite, which has one writer at a time: waiting here costs
/// nothing, while a writer that finds SQLite's lock taken sleeps for milliseconds in SQLite's busy handler.
/// On PostgreSQL and SQL Server writers run side by side and the gate lets everyone through.
/// </summary>
public sealed class DatabaseWriteGate(DatabaseSettings settings)
{
    private readonly SemaphoreSlim? turn = settings.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    /// <summary>Waits for this process's turn to write; dispose the result to end it.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        if (turn is not null)
        {
            await turn.WaitAsync(cancellationToken);
        }
        return new Turn(turn);
    }

    public readonly struct Turn(SemaphoreSlim? turn) : IDisposable
    {
        public void Dispose() => turn?.Release();
    }
}

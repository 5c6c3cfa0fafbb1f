namespace FlipFlow.Domain.Jobs;

/// <summary>
/// The work behind one catalogue job: a thin adapter that calls one feature service. It must be safe to
/// run twice, honour the cancellation token between steps, and say what it did.
/// </summary>
public interface IJobWork
{
    /// <returns>A summary for the run history: "deleted 120 runs".</returns>
    Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken);
}

/// <summary>What a running job may know about its run, and where it writes the lines its run keeps.</summary>
public sealed class JobRunContext(JobRun run, TimeProvider clock)
{
    private readonly System.Text.StringBuilder log = new(run.Log);

    public string JobId => run.JobId;
    public int Attempt => run.Attempt;
    public int MaxAttempts => run.MaxAttempts;
    public JobTrigger Trigger => run.Trigger;

    /// <summary>Adds a line to the run's log, stamped with the time.</summary>
    public void Log(string line)
    {
        lock (log)
        {
            log.Append(clock.GetUtcNow().ToString("HH:mm:ss.fff")).Append("  ").AppendLine(line);
        }
    }

    public string LogText
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }
}

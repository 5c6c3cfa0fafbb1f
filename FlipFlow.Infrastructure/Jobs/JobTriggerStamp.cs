using Hangfire.States;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Tells a recurring job's run started by a person ("Trigger now" on Hangfire's dashboard) from one started by its
/// schedule: both are created from the recurring job alike, and only the reason of their enqueueing differs.
/// FlipFlow's own triggers state what started them, and that is never overwritten.
/// </summary>
public sealed class JobTriggerStamp : IElectStateFilter
{
    /// <summary>The reason Hangfire's recurring-job manager gives when a recurring job is triggered by hand.</summary>
    public const string TriggeredByHandReason = "Triggered using recurring job manager";

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is EnqueuedState { Reason: TriggeredByHandReason }
            && CatalogJobRunner.JobIdOf(context.BackgroundJob.Job) is not null
            && context.GetJobParameter<string>(JobRunRecorder.TriggerKey) is null)
        {
            context.SetJobParameter(JobRunRecorder.TriggerKey, JobRunRecorder.ManualTrigger);
        }
    }
}

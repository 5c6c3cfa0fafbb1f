using Hangfire.Client;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Gives each catalogue job its run chain when it is created: the id of the run whoever triggered it follows, or a
/// new one. Written with the job in the same commit, so no attempt has to write it later: a parameter written while
/// the job runs costs a whole scan of the parameters on SQLite's Hangfire storage.
/// </summary>
public sealed class JobChainStamp : IClientFilter
{
    public void OnCreating(CreatingContext context)
    {
        if (CatalogJobRunner.JobIdOf(context.Job) is not null && context.GetJobParameter<string>(JobRunRecorder.ChainIdKey) is null)
        {
            var chain = Guid.TryParse(context.GetJobParameter<string>(JobRunRecorder.RunIdKey), out var runId) ? runId : Guid.NewGuid();
            context.SetJobParameter(JobRunRecorder.ChainIdKey, chain.ToString());
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }
}

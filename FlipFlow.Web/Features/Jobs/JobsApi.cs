using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Jobs;

/// <summary>A catalogue job as the jobs console shows it: its schedule, its state, its next fire and its last run.</summary>
/// <param name="RunningNow">Runs of the job running at this moment.</param>
public sealed record ApiJob(
    string Id,
    string Title,
    string Description,
    string Cron,
    string? CronInWords,
    bool Enabled,
    bool Paused,
    bool AllowOverlap,
    int MaxAttempts,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? PreviousFireAt,
    ApiJobRun? LastRun,
    int RunningNow)
{
    public static ApiJob Of(JobStatus job) => new(job.Id, job.Title, job.Description, job.Cron, job.CronInWords, job.Enabled, job.Paused, job.AllowOverlap,
        job.MaxAttempts, job.NextFireAt, job.PreviousFireAt, job.LastRun is { } run ? ApiJobRun.Of(run) : null, job.RunningNow);
}

/// <summary>One attempt of a job's run, for the API and <c>jobs history --json</c> alike (scripts rely on it, so only add to it); retries of a run share <see cref="ChainId"/>, the run's id.</summary>
/// <param name="StartedBy">What started it, in words: "Schedule", "Manual", "Batch 12".</param>
public sealed record ApiJobRun(
    Guid Id,
    Guid ChainId,
    string JobId,
    JobTrigger Trigger,
    string StartedBy,
    long? BatchId,
    JobOutcome Outcome,
    int Attempt,
    int MaxAttempts,
    string Node,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationSeconds,
    string? Summary,
    string? Error)
{
    public static ApiJobRun Of(JobRun run) => new(run.Id, run.ChainId, run.JobId, run.Trigger, run.StartedBy, run.BatchId, run.Outcome, run.Attempt,
        run.MaxAttempts, run.Node, run.StartedAt, run.FinishedAt, run.Duration is { } duration ? Math.Round(duration.TotalSeconds, 3) : null, run.Summary, run.Error);
}

/// <summary>
/// A run asked for by <c>POST jobs/{id}/trigger</c>, every attempt so far, first to last. <see cref="Outcome"/> is the last attempt's;
/// null while no FlipFlow process has started the run yet (it waits in the queue). A run with attempts left that failed is Retrying.
/// </summary>
public sealed record ApiJobRunStatus(Guid RunId, string JobId, JobOutcome? Outcome, IReadOnlyList<ApiJobRun> Attempts);

/// <summary>
/// The jobs under <c>/api/v1/jobs</c>, through the same <see cref="IJobScheduler"/> and <see cref="JobHistory"/> as the jobs console and the
/// <c>jobs</c> verbs: list, get, history, pause, resume, and trigger (202 with the run's address). An unknown job is a 404; an operation the
/// scheduler refuses is a 409 with its reason.
/// </summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        api.MapGet("jobs", async Task<Ok<IReadOnlyList<ApiJob>>> (IJobScheduler scheduler, CancellationToken cancellationToken) =>
                TypedResults.Ok<IReadOnlyList<ApiJob>>((await scheduler.ListAsync(cancellationToken)).Select(ApiJob.Of).ToList()))
            .WithName("ListJobs")
            .WithSummary("Every background job with its schedule, state, next fire time and last run.")
            .WithTags("Jobs");

        api.MapGet("jobs/{id}", async Task<Results<Ok<ApiJob>, ProblemHttpResult>> (string id, IJobScheduler scheduler,
                CancellationToken cancellationToken) =>
            {
                try
                {
                    return TypedResults.Ok(ApiJob.Of(await scheduler.GetAsync(id, cancellationToken)));
                }
                catch (UnknownJobException unknown)
                {
                    return NoSuchJob(unknown);
                }
            })
            .WithName("GetJob")
            .WithSummary("One job with its schedule, state, next fire time and last run.")
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("jobs/{id}/history", async Task<Results<Ok<Paged<ApiJobRun>>, ProblemHttpResult, ValidationProblem>> (string id,
                [AsParameters] PageQuery paging, string? outcome, IJobScheduler scheduler, JobHistory history, HttpRequest request,
                CancellationToken cancellationToken) =>
            {
                var problems = paging.Problems();
                JobOutcome? only = null;
                if (!string.IsNullOrWhiteSpace(outcome))
                {
                    if (Enum.TryParse<JobOutcome>(outcome.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                    {
                        only = parsed;
                    }
                    else
                    {
                        problems["outcome"] = [$"No outcome is called '{outcome}'; give one of {string.Join(", ", Enum.GetNames<JobOutcome>())}, or leave it out for all."];
                    }
                }
                if (problems.Count > 0)
                {
                    return TypedResults.ValidationProblem(problems);
                }
                JobStatus job;
                try
                {
                    job = await scheduler.GetAsync(id, cancellationToken);
                }
                catch (UnknownJobException unknown)
                {
                    return NoSuchJob(unknown);
                }
                var page = await history.QueryAsync(new JobRunQuery(JobId: job.Id, Outcome: only, Skip: paging.Skip, Take: paging.Size), cancellationToken);
                return TypedResults.Ok(Paged<ApiJobRun>.Of(page.Runs.Select(ApiJobRun.Of).ToList(), page.Total, paging, request));
            })
            .WithName("ListJobRuns")
            .WithSummary("A job's runs, one item per attempt, newest first, a page at a time; optionally only those with one outcome.")
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("jobs/{id}/runs/{runId:guid}", async Task<Results<Ok<ApiJobRunStatus>, ProblemHttpResult>> (string id, Guid runId,
                IJobScheduler scheduler, JobHistory history, CancellationToken cancellationToken) =>
            {
                JobStatus job;
                try
                {
                    job = await scheduler.GetAsync(id, cancellationToken);
                }
                catch (UnknownJobException unknown)
                {
                    return NoSuchJob(unknown);
                }
                var attempts = await history.AttemptsAsync(runId, cancellationToken);
                if (attempts.Any(attempt => attempt.JobId != job.Id))
                {
                    return NotFound("No such run", $"Run {runId} is not a run of {job.Id}.");
                }
                return TypedResults.Ok(new ApiJobRunStatus(runId, job.Id, attempts.Count > 0 ? attempts[^1].Outcome : null,
                    attempts.Select(ApiJobRun.Of).ToList()));
            })
            .WithName("GetJobRun")
            .WithSummary("A run of a job with every attempt so far: the address POST jobs/{id}/trigger answers with.")
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("jobs/{id}/pause", (string id, IJobScheduler scheduler, CancellationToken cancellationToken) =>
                ChangeAsync(id, scheduler, (job, token) => scheduler.PauseAsync(job, token), cancellationToken))
            .WithName("PauseJob")
            .WithSummary("Pauses the job's schedule until it is resumed; survives restarts. A running run carries on.")
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Writes();

        api.MapPost("jobs/{id}/resume", (string id, IJobScheduler scheduler, CancellationToken cancellationToken) =>
                ChangeAsync(id, scheduler, (job, token) => scheduler.ResumeAsync(job, token), cancellationToken))
            .WithName("ResumeJob")
            .WithSummary("Resumes a paused job's schedule.")
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Writes();

        api.MapPost("jobs/{id}/trigger", async Task<Results<Accepted<ApiJobRunStatus>, ProblemHttpResult>> (string id,
                IJobScheduler scheduler, CancellationToken cancellationToken) =>
            {
                try
                {
                    var job = await scheduler.GetAsync(id, cancellationToken);
                    var runId = await scheduler.TriggerAsync(job.Id, cancellationToken);
                    return TypedResults.Accepted(RunPath(job.Id, runId), new ApiJobRunStatus(runId, job.Id, null, []));
                }
                catch (UnknownJobException unknown)
                {
                    return NoSuchJob(unknown);
                }
                catch (JobOperationException refused)
                {
                    return Refused(refused);
                }
            })
            .WithName("TriggerJob")
            .WithSummary("Runs the job now, paused or not: 202 with the run's address, which shows its attempts and outcome as it goes.")
            .WithTags("Jobs")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Writes();
        return api;
    }

    /// <summary>Where a run's status is read: <c>/api/v1/jobs/{id}/runs/{runId}</c>.</summary>
    public static string RunPath(string jobId, Guid runId) => $"{ApiEndpoints.Prefix}/jobs/{Uri.EscapeDataString(jobId)}/runs/{runId}";

    private static async Task<Results<Ok<ApiJob>, ProblemHttpResult>> ChangeAsync(string id, IJobScheduler scheduler,
        Func<string, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        try
        {
            var job = await scheduler.GetAsync(id, cancellationToken);
            await change(job.Id, cancellationToken);
            return TypedResults.Ok(ApiJob.Of(await scheduler.GetAsync(job.Id, cancellationToken)));
        }
        catch (UnknownJobException unknown)
        {
            return NoSuchJob(unknown);
        }
        catch (JobOperationException refused)
        {
            return Refused(refused);
        }
    }

    private static ProblemHttpResult NoSuchJob(UnknownJobException unknown) => NotFound("No such job", unknown.Message);

    private static ProblemHttpResult NotFound(string title, string detail) => ApiRefusals.NotFound(detail, title);

    private static ProblemHttpResult Refused(JobOperationException refused) =>
        ApiRefusals.Conflict(refused.Message, "The job cannot do that now");
}

using System.Security.Claims;
using FlipFlow.Domain.Alerts;
using FlipFlow.Domain.Common;
using FlipFlow.Infrastructure.Alerts;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Alerts;

/// <summary>What <c>POST /api/v1/alerts/channels</c> takes.</summary>
public sealed record NewAlertChannel(string? Name, string? Url, string? Format);

/// <summary>What <c>PATCH /api/v1/alerts/channels/{id}</c> takes.</summary>
public sealed record AlertChannelChange(bool? Enabled);

/// <summary>A channel as the API and <c>alerts channels --json</c> show it: its webhook's host only, since the path holds its secret.</summary>
public sealed record AlertChannelView(long Id, string Name, string Format, string Host, bool Enabled, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static AlertChannelView From(AlertChannel channel) => new(channel.Id, channel.Name, channel.Format.ToString(),
        channel.Host, channel.Enabled, channel.CreatedBy, channel.CreatedAt);
}

/// <summary>
/// Alerts: <c>GET /api/v1/alerts</c> (the history, any key); the channels (Admin keys): <c>GET</c>, <c>POST</c>, <c>PATCH</c> and <c>DELETE
/// alerts/channels</c>, and <c>POST alerts/channels/{id}/test</c>, which sends a test at once.
/// </summary>
public static class AlertsApi
{
    private const string Tag = "Alerts";

    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        api.MapGet("alerts", ListAsync)
            .WithName("ListAlerts").WithSummary("The alerts raised, newest first, each with its deliveries to the channels; tests=false leaves out tests.").WithTags(Tag);
        api.MapGet("alerts/channels", ChannelsAsync)
            .RequireAuthorization(ApiAccess.Administer)
            .WithName("ListAlertChannels").WithSummary("The alert channels (webhooks), by name; only each webhook's host is shown.").WithTags(Tag);
        api.MapPost("alerts/channels", AddAsync)
            .Writes().RequireAuthorization(ApiAccess.Administer)
            .WithName("AddAlertChannel").WithSummary("Adds a webhook alerts are sent to: name, url (http or https) and format (Discord or Json).").WithTags(Tag);
        api.MapPatch("alerts/channels/{id:long}", ChangeAsync)
            .Writes().RequireAuthorization(ApiAccess.Administer)
            .WithName("ChangeAlertChannel").WithSummary("Switches a channel on or off.").WithTags(Tag);
        api.MapDelete("alerts/channels/{id:long}", RemoveAsync)
            .Writes().RequireAuthorization(ApiAccess.Administer)
            .WithName("RemoveAlertChannel").WithSummary("Removes a channel; its alerts stay in the history.").WithTags(Tag);
        api.MapPost("alerts/channels/{id:long}/test", TestAsync)
            .Writes().RequireAuthorization(ApiAccess.Administer)
            .WithName("TestAlertChannel").WithSummary("Sends a test alert to the channel now and says whether it arrived; the test is kept in the history.").WithTags(Tag);
        return api;
    }

    private static async Task<Results<Ok<Paged<AlertRow>>, ValidationProblem>> ListAsync(int? page, int? pageSize, bool? tests, AlertHistory history,
        HttpRequest request, CancellationToken cancellationToken)
    {
        var paging = new PageQuery(page, pageSize);
        var problems = paging.Problems();
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var (alerts, total) = await history.ListAsync(paging.Skip, paging.Size, tests ?? true, cancellationToken);
        return TypedResults.Ok(Paged<AlertRow>.Of(alerts, total, paging, request));
    }

    private static async Task<Ok<List<AlertChannelView>>> ChannelsAsync(AlertChannels channels, CancellationToken cancellationToken) =>
        TypedResults.Ok((await channels.ListAsync(cancellationToken)).Select(AlertChannelView.From).ToList());

    private static async Task<Results<Created<AlertChannelView>, ValidationProblem, ProblemHttpResult>> AddAsync(NewAlertChannel body, AlertChannels channels,
        ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        AlertFormat format = AlertFormat.Discord;
        if (body.Format is { Length: > 0 } named && (!Enum.TryParse(named, ignoreCase: true, out format) || !Enum.IsDefined(format) || int.TryParse(named, out _)))
        {
            return ApiRefusals.Invalid("format", $"'{named}' is not a format; give Discord or Json.");
        }
        try
        {
            var channel = await channels.AddAsync(body.Name ?? "", body.Url ?? "", format, caller.Identity?.Name ?? ApiAccess.Scheme, cancellationToken);
            return TypedResults.Created($"{ApiEndpoints.Prefix}/alerts/channels/{channel.Id}", AlertChannelView.From(channel));
        }
        catch (AlertChannelException refused) when (refused.Refusal == Refusal.Conflict)
        {
            return ApiRefusals.Conflict(refused.Message);
        }
        catch (AlertChannelException refused)
        {
            return ApiRefusals.Invalid(refused.Field ?? "body", refused.Message);
        }
    }

    private static async Task<Results<Ok<AlertChannelView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(long id, AlertChannelChange body,
        AlertChannels channels, CancellationToken cancellationToken)
    {
        if (body.Enabled is not { } enabled)
        {
            return ApiRefusals.Invalid("enabled", "Say whether the channel is on: true or false.");
        }
        try
        {
            return TypedResults.Ok(AlertChannelView.From(await channels.SetEnabledAsync(id, enabled, cancellationToken)));
        }
        catch (AlertChannelException refused)
        {
            return ApiRefusals.NotFound(refused.Message);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(long id, AlertChannels channels, CancellationToken cancellationToken)
    {
        try
        {
            await channels.RemoveAsync(id, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (AlertChannelException refused)
        {
            return ApiRefusals.NotFound(refused.Message);
        }
    }

    private static async Task<Results<Ok<AlertPostResult>, ProblemHttpResult>> TestAsync(long id, AlertChannels channels, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await channels.SendTestAsync(id, caller.Identity?.Name ?? ApiAccess.Scheme, cancellationToken));
        }
        catch (AlertChannelException refused)
        {
            return ApiRefusals.NotFound(refused.Message);
        }
    }
}

using System.Security.Claims;
using FlipFlow.Domain.ApiKeys;
using FlipFlow.Infrastructure.Security.ApiKeys;
using FlipFlow.Web.Features.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlipFlow.Web.Features.ApiKeys;

/// <summary>What <c>POST /api/v1/apikeys</c> takes: the new key's name and role.</summary>
public sealed record NewApiKey(string? Name, string? Role);

/// <summary>The API's own keys: list, get, create and revoke, for Admin keys only.</summary>
public static class ApiKeysApi
{
    private const string Tag = "API keys";

    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        api.MapGet("apikeys", ListAsync)
            .RequireAuthorization(ApiAccess.Administer)
            .WithName("ListApiKeys").WithSummary("Lists the API keys, revoked ones too, newest first; never their secrets.").WithTags(Tag);
        api.MapGet("apikeys/{id}", GetAsync)
            .RequireAuthorization(ApiAccess.Administer)
            .WithName("GetApiKey").WithSummary("One API key, by its id or its prefix.").WithTags(Tag);
        api.MapPost("apikeys", CreateAsync)
            .Writes().RequireAuthorization(ApiAccess.Administer)
            .WithName("CreateApiKey").WithSummary("Creates an API key; the answer holds the key's text, shown this once.").WithTags(Tag);
        api.MapDelete("apikeys/{id}", RevokeAsync)
            .Writes().RequireAuthorization(ApiAccess.Administer)
            .WithName("RevokeApiKey").WithSummary("Revokes an API key, by its id or its prefix: it authenticates no more.").WithTags(Tag);
        return api;
    }

    private static async Task<Results<Ok<Paged<ApiKeySummary>>, ValidationProblem>> ListAsync(
        [AsParameters] PageQuery paging, ApiKeyAdministration keys, HttpRequest request, CancellationToken cancellationToken)
    {
        var problems = paging.Problems();
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        var all = await keys.ListAsync(cancellationToken);
        return TypedResults.Ok(Paged<ApiKeySummary>.Of(all.Skip(paging.Skip).Take(paging.Size).ToList(), all.Count, paging, request));
    }

    private static async Task<Results<Ok<ApiKeySummary>, ProblemHttpResult>> GetAsync(
        string id, ApiKeyAdministration keys, CancellationToken cancellationToken) =>
        await keys.FindAsync(id, cancellationToken) is { } key ? TypedResults.Ok(key) : NotFound(id);

    private static async Task<Results<Created<IssuedApiKey>, ValidationProblem>> CreateAsync(
        NewApiKey body, ApiKeyAdministration keys, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        try
        {
            var issued = await keys.CreateAsync(body.Name, body.Role, caller.Identity?.Name ?? ApiAccess.Scheme, cancellationToken);
            return TypedResults.Created($"{ApiEndpoints.Prefix}/apikeys/{issued.Key.Id}", issued);
        }
        catch (ApiKeyRuleException rejected)
        {
            return TypedResults.ValidationProblem(rejected.Problems);
        }
    }

    private static async Task<Results<Ok<ApiKeySummary>, ProblemHttpResult>> RevokeAsync(
        string id, ApiKeyAdministration keys, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, caller.Identity?.Name ?? ApiAccess.Scheme, cancellationToken) is { } key ? TypedResults.Ok(key) : NotFound(id);

    private static ProblemHttpResult NotFound(string id) =>
        ApiRefusals.NotFound($"No API key has the id or prefix '{id}'.", "No such API key");
}

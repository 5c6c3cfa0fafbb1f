using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing.Matching;

namespace FlipFlow.Web.Features.Api;

/// <summary>
/// Keeps the console's pages, its catch-all "not found" page among them, out of routing for /api addresses. Then an
/// /api address answers as an API should: 404 when no endpoint has it, 405 when it exists for other methods, 415 when
/// its endpoint reads JSON and the body is something else, instead of the catch-all page taking every GET and POST.
/// It runs before the method and content-type policies, so those judge the API's endpoints alone.
/// </summary>
internal sealed class ApiRoutesOnly : MatcherPolicy, INodeBuilderPolicy
{
    private static readonly object Api = "api";
    private static readonly object Other = "other";

    public override int Order => -10_000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => !ContainsDynamicEndpoints(endpoints) && endpoints.Any(IsPage);

    public IReadOnlyList<PolicyNodeEdge> GetEdges(IReadOnlyList<Endpoint> endpoints) =>
    [
        new(Api, endpoints.Where(endpoint => !IsPage(endpoint)).ToList()),
        new(Other, endpoints),
    ];

    public PolicyJumpTable BuildJumpTable(int exitDestination, IReadOnlyList<PolicyJumpTableEdge> edges) => new Table(
        edges.FirstOrDefault(edge => ReferenceEquals(edge.State, Api)) is { State: not null } api ? api.Destination : exitDestination,
        edges.FirstOrDefault(edge => ReferenceEquals(edge.State, Other)) is { State: not null } other ? other.Destination : exitDestination);

    private static bool IsPage(Endpoint endpoint) => endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    private sealed class Table(int api, int other) : PolicyJumpTable
    {
        public override int GetDestination(HttpContext httpContext) => ApiProblems.IsApi(httpContext) ? api : other;
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Api;

/// <summary>
/// The API's answers to a feature service's refusal: 404 and 409 problem details with the service's own message,
/// and 400 with field errors under the camelCase names the request used. A problem result is written as
/// <c>application/problem+json</c>, which <c>NotFound&lt;ProblemDetails&gt;</c> is not, so endpoints declare these
/// answers for OpenAPI with <c>ProducesProblem</c>.
/// </summary>
public static class ApiRefusals
{
    public static ProblemHttpResult NotFound(string detail, string title = "Not found") =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static ProblemHttpResult Conflict(string detail, string title = "Conflict") =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    /// <summary>A 400 naming one field.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A service's field name (<c>ItemSpecifics</c>) as the request wrote it (<c>itemSpecifics</c>).</summary>
    public static string Field(string serviceField) => JsonNamingPolicy.CamelCase.ConvertName(serviceField);
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace FlipFlow.Web.Features.Api;

/// <summary>
/// The API's description: the OpenAPI document at <c>/openapi/v1.json</c> (the /api routes only, each with the bearer
/// key scheme and the problem answers every endpoint can give), and a readable reference at <c>/api/docs</c>.
/// The document is open to anyone: it holds no data, and tools that generate clients or import it read it without
/// a console session. The reference page is for signed-in users, as the console is.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";

    public const string Path = "/openapi/v1.json";

    public const string ReferencePath = "/api/docs";

    private const string SecurityScheme = "Bearer";

    /// <summary>The problem answers added to every operation that does not describe them itself.</summary>
    private static readonly (string Status, string Description)[] ProblemAnswers =
    [
        ("400", "The request is not valid: `errors` names each field with its messages, or `detail` says what could not be read."),
        ("401", "No API key, or a key that is unknown or revoked."),
        ("403", "The key's role may not do this: writes need an Operator or Admin key."),
        ("404", "There is no such record or address."),
        ("429", "The key sent too many requests this minute; Retry-After says how many seconds to wait."),
        ("500", "The server failed; `requestId` identifies the request in the server's log."),
    ];

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(Name, options =>
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FlipFlow API";
            document.Info.Description = "Every endpoint needs an API key: `Authorization: Bearer ff_…`. Errors are RFC 9457 problem details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key made on the API keys page or with `apikeys create`.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var document = context.Document ?? throw new InvalidOperationException("The operation transformer ran without its document.");
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, document)] = [] });
            var problem = await ProblemSchemaAsync(document, context, typeof(ProblemDetails), cancellationToken);
            var validation = await ProblemSchemaAsync(document, context, typeof(HttpValidationProblemDetails), cancellationToken);
            operation.Responses ??= new OpenApiResponses();
            // Every error under /api goes out as a problem (ApiProblems), whatever the endpoint declared: say so.
            foreach (var (status, response) in operation.Responses)
            {
                if (status.StartsWith('4') || status.StartsWith('5'))
                {
                    if (response.Content is { } content && content.Remove("application/json", out var json) && !content.ContainsKey(ApiProblems.ContentType))
                    {
                        content[ApiProblems.ContentType] = json;
                    }
                }
            }
            foreach (var (status, description) in ProblemAnswers)
            {
                if (!operation.Responses.ContainsKey(status))
                {
                    operation.Responses[status] = new OpenApiResponse
                    {
                        Description = description,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [ApiProblems.ContentType] = new() { Schema = status == "400" ? validation : problem },
                        },
                    };
                }
            }
        });
    });

    private static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiDocument document, OpenApiOperationTransformerContext context, Type type,
        CancellationToken cancellationToken)
    {
        var id = type.Name;
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }
        return new OpenApiSchemaReference(id, document);
    }

    /// <summary>Maps the document and the reference page.</summary>
    public static void MapApiDocument(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(Path).AllowAnonymous();
        endpoints.MapScalarApiReference(ReferencePath, options =>
        {
            options.WithTitle("FlipFlow API");
            options.WithOpenApiRoutePattern(Path);
            // Its scripts carry a fresh nonce that SecurityHeaders adds to this page's policy; its fonts stay local.
            options.WithNonce();
            options.DisableDefaultFonts();
        }).RequireAuthorization(FlipFlow.Domain.Users.Policies.CanView);
    }
}

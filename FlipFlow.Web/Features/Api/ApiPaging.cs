using System.ComponentModel.DataAnnotations;

namespace FlipFlow.Web.Features.Api;

/// <summary>The page a list asks for: <c>page</c> from 1, <c>pageSize</c> from 1 to <see cref="MaxPageSize"/> (50 when left out).</summary>
public sealed record PageQuery(int? Page, int? PageSize)
{
    public const int MaxPageSize = 500;

    public const int DefaultPageSize = 50;

    public int Number => Page ?? 1;

    public int Size => PageSize ?? DefaultPageSize;

    public int Skip => (Number - 1) * Size;

    /// <summary>What is wrong with the query, field by field (camelCase), or empty.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>();
        if (Number < 1)
        {
            problems["page"] = ["page starts at 1."];
        }
        if (Size is < 1 or > MaxPageSize)
        {
            problems["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }
        return problems;
    }
}

/// <summary>One page of a list: its items, the total over every page, and the link to the next page (null on the last).</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize, [property: Url] string? Next)
{
    /// <summary>The page, with a <c>next</c> link built from the request's own path and query.</summary>
    public static Paged<T> Of(IReadOnlyList<T> items, int total, PageQuery query, HttpRequest request)
    {
        string? next = null;
        if (query.Skip + items.Count < total)
        {
            var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString.Value)
                .Where(pair => !pair.Key.Equals("page", StringComparison.OrdinalIgnoreCase))
                .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
                .Append(KeyValuePair.Create("page", (string?)(query.Number + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            next = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(request.PathBase + request.Path, parameters);
        }
        return new Paged<T>(items, total, query.Number, query.Size, next);
    }
}

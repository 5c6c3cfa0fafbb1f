using System.Globalization;
using FlipFlow.Domain.Ingest;
using MudBlazor;

namespace FlipFlow.Web.Features.Ingest;

/// <summary>How the pages of imports from addresses write statuses, counts, quality and times.</summary>
public static class IngestFormatting
{
    public static Color ColorOf(IngestStatus status) => status switch
    {
        IngestStatus.Complete => Color.Success,
        IngestStatus.Partial => Color.Warning,
        IngestStatus.Failed => Color.Error,
        _ => Color.Info,
    };

    public static Color ColorOf(IngestItemStatus status) => status switch
    {
        IngestItemStatus.Succeeded => Color.Success,
        IngestItemStatus.Partial => Color.Warning,
        IngestItemStatus.Failed => Color.Error,
        IngestItemStatus.Retrying => Color.Secondary,
        _ => Color.Info,
    };

    /// <summary>"27 of 30 done", in the words the pages and their tests share.</summary>
    public static string Progress(IngestSession session) =>
        $"{session.Done.ToString("N0", CultureInfo.CurrentCulture)} of {session.Total.ToString("N0", CultureInfo.CurrentCulture)} done";

    /// <summary>The share of what an import looks for that a page gave, as a whole percentage: "83%".</summary>
    public static string Quality(double? quality) =>
        quality is { } value ? Math.Round(value * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>The adapter that read a page and its version: "shop v2".</summary>
    public static string Adapter(string? adapter, int? version) =>
        adapter is null ? "—" : version is { } number ? $"{adapter} v{number.ToString(CultureInfo.InvariantCulture)}" : adapter;

    public static string When(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>"1 address", "30 addresses".</summary>
    public static string Count(int count, string one, string many) =>
        $"{count.ToString("N0", CultureInfo.CurrentCulture)} {(count == 1 ? one : many)}";

    /// <summary>
    /// The address as a link target when it is a whole http or https address, else null: addresses read from a page
    /// (its canonical link, its images) are the page's word, and a javascript: or data: one must not become a link.
    /// </summary>
    public static string? SafeHref(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
}

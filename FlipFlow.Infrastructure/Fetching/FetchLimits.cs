namespace FlipFlow.Infrastructure.Fetching;

/// <summary>
/// What one caller asks of a fetch besides the configured limits, which it can only tighten: a smaller size or a
/// shorter time, and the media types the answer must have, checked before the body is read.
/// </summary>
public sealed record FetchLimits(long? MaxBytes = null, TimeSpan? Timeout = null, FetchedMediaTypes? Accept = null);

/// <summary>The media types a caller reads, as Content-Type prefixes, and how a refusal names them ("an image").</summary>
public sealed record FetchedMediaTypes(string Name, IReadOnlyList<string> Prefixes)
{
    /// <summary>Product photos: any image type.</summary>
    public static FetchedMediaTypes Images { get; } = new("an image", ["image/"]);

    /// <summary>Listing pages: HTML, or JSON such as a shop's JSON-LD.</summary>
    public static FetchedMediaTypes Pages { get; } =
        new("an HTML page or JSON", ["text/html", "application/xhtml+xml", "application/json", "application/ld+json"]);

    public bool Allows(string? mediaType) =>
        mediaType is not null && Prefixes.Any(prefix => mediaType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}

namespace FlipFlow.Infrastructure.Fetching;

/// <summary>What a fetch brought back.</summary>
/// <param name="Address">Where the body came from, after redirects.</param>
/// <param name="MediaType">The answer's Content-Type without parameters, when it sent one.</param>
/// <param name="FileName">The last segment of the final address's path, else of the address asked for; null when both end in '/'.</param>
public sealed record FetchedContent(byte[] Bytes, string? MediaType, Uri Address, string? FileName);

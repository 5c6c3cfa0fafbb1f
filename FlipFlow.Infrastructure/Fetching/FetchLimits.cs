namespace FlipFlow.Infrastructure.Fetching;

/// <summary>
/// What one caller asks of a fetch besides the configured limits, which it can only tighten: a smaller size or a
/// shorter time, and the media type the answer must have (a prefix such as "image/"), checked before the body is read.
/// </summary>
public sealed record FetchLimits(long? MaxBytes = null, TimeSpan? Timeout = null, string? MediaTypePrefix = null);

namespace FlipFlow.Infrastructure.Fetching;

/// <summary>
/// A fetch that brought nothing back: its server failed or answered an error, or took too long. The message
/// says which in words a user can act on, and names only the addresses the user gave or was redirected to.
/// </summary>
public class FetchException(string message, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Whether the same fetch may succeed later (a timeout, 408, 429, 5xx, a dropped connection).</summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>How long the server asked to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A fetch FlipFlow would not make or finish: an address that is not http or https, one that points at a
/// private, loopback, link-local or other non-public address (after any redirect), too many redirects, too
/// large a body or the wrong media type. Never transient: the same address is refused again.
/// </summary>
public sealed class FetchRefusedException(string message) : FetchException(message, isTransient: false);

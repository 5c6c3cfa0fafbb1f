namespace FlipFlow.Domain.Common;

/// <summary>
/// Which request id a caller may choose (the <c>X-Request-ID</c> header): 1 to <see cref="MaxLength"/> characters of
/// ASCII letters, digits, '.', '_' and '-'. Anything else (too long, spaces, quotes, control characters, non-ASCII) is
/// replaced by an id of FlipFlow's own, because the id is written into logs, headers and error pages as it is.
/// </summary>
public static class RequestIdFormat
{
    public const int MaxLength = 128;

    public static bool Accepts(string? candidate) =>
        candidate is { Length: > 0 and <= MaxLength } && candidate.All(IsAllowed);

    private static bool IsAllowed(char character) => char.IsAsciiLetterOrDigit(character) || character is '.' or '_' or '-';
}

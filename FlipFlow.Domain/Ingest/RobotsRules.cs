using System.Globalization;
using System.Text;

namespace FlipFlow.Domain.Ingest;

/// <summary>One Allow or Disallow line of the group a crawler follows, its path normalised (<see cref="RobotsRules.Normalise"/>).</summary>
public sealed record RobotsRule(bool Allow, string Pattern);

/// <summary>
/// What a site's robots.txt lets FlipFlow fetch, and how long it asks a crawler to wait between requests.
/// <see cref="Allows"/> follows RFC 9309: of the rules that match a path, the longest pattern wins, and Allow wins a tie;
/// no matching rule allows; <c>/robots.txt</c> itself is always allowed.
/// </summary>
public sealed class RobotsPolicy(IReadOnlyList<RobotsRule> rules, TimeSpan? crawlDelay)
{
    /// <summary>No robots.txt, or one that says nothing to FlipFlow: everything may be fetched.</summary>
    public static RobotsPolicy AllowAll { get; } = new([], null);

    /// <summary>Nothing may be fetched but robots.txt itself.</summary>
    public static RobotsPolicy DisallowAll { get; } = new([new RobotsRule(false, "/")], null);

    public IReadOnlyList<RobotsRule> Rules { get; } = rules;

    /// <summary>The Crawl-delay of the group followed, when it gives one: not in RFC 9309, but a site's stated wish.</summary>
    public TimeSpan? CrawlDelay { get; } = crawlDelay;

    /// <summary>Whether a path, with its query, may be fetched ("/itm/123?x=1"; an empty one is "/").</summary>
    public bool Allows(string pathAndQuery)
    {
        var path = RobotsRules.Normalise(string.IsNullOrEmpty(pathAndQuery) ? "/" : pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);
        if (path == "/robots.txt")
        {
            return true;
        }
        RobotsRule? best = null;
        foreach (var rule in Rules)
        {
            if (RobotsRules.Matches(path, rule.Pattern) && (best is null || Beats(rule, best)))
            {
                best = rule;
            }
        }
        return best?.Allow ?? true;
    }

    private static bool Beats(RobotsRule rule, RobotsRule best) =>
        rule.Pattern.Length > best.Pattern.Length || rule.Pattern.Length == best.Pattern.Length && rule.Allow && !best.Allow;
}

/// <summary>
/// Reads robots.txt as RFC 9309 says. A group is one or more <c>User-agent</c> lines followed by its rules; a
/// <c>User-agent</c> line after a rule starts the next group. The rules followed are those of every group naming the
/// crawler's product token (compared without case, against the letters, underscores and hyphens a line's value starts
/// with, so "FlipFlow/1.0" names "FlipFlow"), else those of every <c>*</c> group, else none. Comments, blank lines,
/// rules before any group, an empty Allow or Disallow and lines of any other key are ignored.
/// </summary>
public static class RobotsRules
{
    /// <summary>The longest Crawl-delay read; a longer one is read as this, so that a stray figure cannot overflow a clock.</summary>
    public static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromDays(1);

    public static RobotsPolicy Parse(string text, string productToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(productToken);
        var groups = Groups(text ?? "");
        var chosen = groups.Where(group => group.Agents.Any(agent => agent.Equals(productToken, StringComparison.OrdinalIgnoreCase))).ToList();
        if (chosen.Count == 0)
        {
            chosen = [.. groups.Where(group => group.Agents.Contains("*"))];
        }
        return chosen.Count == 0
            ? RobotsPolicy.AllowAll
            : new RobotsPolicy([.. chosen.SelectMany(group => group.Rules)], chosen.Select(group => group.CrawlDelay).FirstOrDefault(delay => delay is not null));
    }

    /// <summary>
    /// Whether <paramref name="path"/> matches <paramref name="pattern"/>, both normalised: the pattern is a prefix of
    /// the path, where <c>*</c> stands for any run of characters and a final <c>$</c> says the path ends there.
    /// </summary>
    public static bool Matches(string path, string pattern)
    {
        var anchored = pattern.EndsWith('$');
        var pieces = (anchored ? pattern[..^1] : pattern).Split('*');
        if (!path.StartsWith(pieces[0], StringComparison.Ordinal))
        {
            return false;
        }
        if (pieces.Length == 1)
        {
            return !anchored || path.Length == pieces[0].Length;
        }
        var cursor = pieces[0].Length;
        for (var i = 1; i < pieces.Length - 1; i++)
        {
            var found = path.IndexOf(pieces[i], cursor, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            cursor = found + pieces[i].Length;
        }
        var last = pieces[^1];
        return anchored
            ? path.Length - last.Length >= cursor && path.EndsWith(last, StringComparison.Ordinal)
            : path.IndexOf(last, cursor, StringComparison.Ordinal) >= 0;
    }

    /// <summary>
    /// Writes a path or pattern the one way RFC 9309 compares them: characters outside ASCII percent-encoded as UTF-8,
    /// an encoded unreserved character (letters, digits, "-._~") decoded, other encodings in upper case. So
    /// "/%7euser" and "/~user" are the same path, and "/a%2fb" stays apart from "/a/b".
    /// </summary>
    public static string Normalise(string path)
    {
        var normalised = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%' && i + 2 < path.Length && IsHex(path[i + 1]) && IsHex(path[i + 2]))
            {
                var decoded = (char)int.Parse(path.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                normalised.Append(IsUnreserved(decoded) ? decoded.ToString() : "%" + path.Substring(i + 1, 2).ToUpperInvariant());
                i += 2;
            }
            else if (c > 0x7F || c <= 0x20)
            {
                var length = char.IsHighSurrogate(c) && i + 1 < path.Length ? 2 : 1;
                foreach (var octet in Encoding.UTF8.GetBytes(path.Substring(i, length)))
                {
                    normalised.Append(CultureInfo.InvariantCulture, $"%{octet:X2}");
                }
                i += length - 1;
            }
            else
            {
                normalised.Append(c);
            }
        }
        return normalised.ToString();
    }

    private static List<Group> Groups(string text)
    {
        var groups = new List<Group>();
        Group? current = null;
        foreach (var (key, value) in Lines(text))
        {
            if (key == "user-agent")
            {
                if (current is null || current.Rules.Count > 0 || current.CrawlDelay is not null)
                {
                    current = new Group();
                    groups.Add(current);
                }
                current.Agents.Add(ProductTokenOf(value));
            }
            else if (current is not null)
            {
                Read(current, key, value);
            }
        }
        return groups;
    }

    private static void Read(Group group, string key, string value)
    {
        switch (key)
        {
            case "allow" or "disallow" when value.Length > 0:
                // A pattern that starts neither with "/" nor "*" is read as a path from the root, as the major crawlers do.
                var pattern = value.StartsWith('/') || value.StartsWith('*') ? value : "/" + value;
                group.Rules.Add(new RobotsRule(key == "allow", Normalise(pattern)));
                break;
            case "crawl-delay" when group.CrawlDelay is null
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && double.IsFinite(seconds) && seconds >= 0:
                group.CrawlDelay = TimeSpan.FromSeconds(Math.Min(seconds, MaxCrawlDelay.TotalSeconds));
                break;
        }
    }

    /// <summary>Each "key: value" line, its key in lower case, comments and surrounding space taken off; other lines skipped.</summary>
    private static IEnumerable<(string Key, string Value)> Lines(string text)
    {
        foreach (var raw in text.TrimStart('\uFEFF').Split(["\r\n", "\n", "\r"], StringSplitOptions.None))
        {
            var line = raw.Split('#', 2)[0];
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                yield return (line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].Trim());
            }
        }
    }

    /// <summary>"*" for the any-crawler line, else the letters, underscores and hyphens the value starts with.</summary>
    private static string ProductTokenOf(string value)
    {
        if (value.StartsWith('*'))
        {
            return "*";
        }
        var length = 0;
        while (length < value.Length && (char.IsAsciiLetter(value[length]) || value[length] is '_' or '-'))
        {
            length++;
        }
        return value[..length];
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private sealed class Group
    {
        public List<string> Agents { get; } = [];
        public List<RobotsRule> Rules { get; } = [];
        public TimeSpan? CrawlDelay { get; set; }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlipFlow.Domain.Ingest;

/// <summary>
/// One address as given, with its canonical form (<see cref="Canonical"/>) or why FlipFlow will not fetch it
/// (<see cref="Error"/>).
/// </summary>
public sealed record IngestAddress(string Text, string? Canonical, string? Error)
{
    [MemberNotNullWhen(true, nameof(Canonical))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Canonical is not null;
}

/// <summary>
/// One line of a list of addresses: where it was (<see cref="Row"/>, and <see cref="Column"/> in a CSV file), what it
/// said, and what became of it: its <see cref="Canonical"/> address, the <see cref="FirstRow"/> it repeats, or its
/// <see cref="Error"/>.
/// </summary>
public sealed record IngestLine(int Row, string Text, string? Canonical = null, string? Error = null, int? FirstRow = null, int? Column = null);

/// <summary>
/// A list of addresses read from pasted text or a file: the distinct addresses to fetch, each under its first line;
/// the lines that repeat one of them; and the lines that are not an address FlipFlow fetches.
/// </summary>
public sealed record IngestList(IReadOnlyList<IngestLine> Addresses, IReadOnlyList<IngestLine> Duplicates, IReadOnlyList<IngestLine> Invalid)
{
    /// <summary>Every line that said something: distinct, duplicate and invalid.</summary>
    public int Lines => Addresses.Count + Duplicates.Count + Invalid.Count;

    /// <summary>
    /// Whether the list is longer than one bulk import takes. Duplicates and invalid lines count too: a list that long
    /// is more likely a wrong file than a list to fetch.
    /// </summary>
    public bool TooMany => Lines > IngestAddresses.MaxBulk;

    public string? TooManyError => TooMany
        ? string.Create(CultureInfo.InvariantCulture,
            $"The list has {Lines:N0} lines; a bulk import takes at most {IngestAddresses.MaxBulk:N0} addresses.")
        : null;
}

/// <summary>
/// Which addresses FlipFlow imports listings from, and when two addresses are the same listing.
/// <para>
/// An address is taken when it is absolute http or https with a host, at most <see cref="IngestItem.UrlMaxLength"/>
/// characters, and carries no user name or password (they would be sent to the site and kept in the import's history).
/// </para>
/// <para>
/// Its canonical form, fetched and compared: scheme and host lower-cased (an international host in its ASCII form),
/// the default port dropped, the fragment dropped (a server never sees it), the path as the address gives it (an empty
/// one is "/"), and the query without the parameters that only track where a click came from
/// (<see cref="IsTracking"/>), in their order. An eBay item page, whatever its title slug and query, is
/// <c>https://www.ebay.&lt;tld&gt;/itm/&lt;number&gt;</c>: its query holds only tracking and a variation, and the
/// item number alone names the listing.
/// </para>
/// </summary>
public static partial class IngestAddresses
{
    /// <summary>The most addresses one bulk import takes.</summary>
    public const int MaxBulk = 1000;

    /// <summary>Query parameters that say where a click came from, not what the page is.</summary>
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "srsltid", "_gl",
        "mc_cid", "mc_eid", "mkevt", "mkcid", "mkrid", "campid", "toolid", "_trkparms", "_trksid", "hash", "amdata", "customid",
    };

    /// <summary>Reads one address: its canonical form, or why it is not one FlipFlow fetches.</summary>
    public static IngestAddress Read(string text)
    {
        var trimmed = (text ?? "").Trim().TrimStart('\uFEFF');
        return Refusal(trimmed, out var uri) is { } error
            ? new IngestAddress(trimmed, null, error)
            : new IngestAddress(trimmed, CanonicalOf(uri!), null);
    }

    /// <summary>The canonical form of <paramref name="text"/>, or null when it is not an address FlipFlow fetches.</summary>
    public static string? Canonical(string text) => Read(text).Canonical;

    /// <summary>Reads pasted text: one address per line; blank lines are skipped but counted, so rows match the text.</summary>
    public static IngestList Parse(string text)
    {
        var lines = (text ?? "").Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        var entries = lines
            .Select((line, index) => (Row: index + 1, Text: line))
            .Where(line => !string.IsNullOrWhiteSpace(line.Text.TrimStart('\uFEFF')))
            .Select(line => new Entry(line.Row, line.Text, null, null));
        return Collect(entries);
    }

    /// <summary>
    /// Reads a CSV file (RFC 4180) whose header names a <c>url</c> column, in any case; other columns are ignored.
    /// Rows are records, the header being row 1, as a spreadsheet numbers them; a blank record is skipped but counted.
    /// </summary>
    public static IngestList ParseCsv(string text)
    {
        var records = CsvRecords.Read((text ?? "").TrimStart('\uFEFF')).ToList();
        var header = records.FirstOrDefault();
        var column = header?.Fields.FindIndex(field => field.Trim().Equals("url", StringComparison.OrdinalIgnoreCase)) ?? -1;
        if (column < 0)
        {
            return new IngestList([], [],
                [new IngestLine(1, header is null ? "" : string.Join(',', header.Fields),
                    Error: "The file has no url column: its first row must name the column of addresses \"url\".", Column: 1)]);
        }
        var entries = records.Skip(1)
            .Where(record => record.Fields.Any(field => !string.IsNullOrWhiteSpace(field)) || record.Unclosed)
            .Select(record => EntryOf(record, column));
        return Collect(entries);
    }

    /// <summary>
    /// Reads a JSON file, an array of objects each with a string <c>url</c> (in any case); row is the element's
    /// position from 1. Malformed JSON gives one invalid line at the line and position where it breaks.
    /// </summary>
    public static IngestList ParseJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json ?? "", new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            var line = (exception.LineNumber ?? 0) + 1;
            var position = (exception.BytePositionInLine ?? 0) + 1;
            return new IngestList([], [],
                [new IngestLine((int)line, "", Error: $"The file is not valid JSON: it breaks at line {line}, position {position}.", Column: (int)position)]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return new IngestList([], [],
                    [new IngestLine(1, Cut(document.RootElement.GetRawText()), Error: "The file must be a JSON array of objects with a url: [{\"url\": \"https://…\"}].")]);
            }
            return Collect([.. document.RootElement.EnumerateArray().Select((element, index) => EntryOf(element, index + 1))]);
        }
    }

    /// <summary>
    /// Whether a query parameter only tracks a click: the utm_ family, the ad networks' click ids and eBay's campaign
    /// and tracking parameters. A shop's own parameters (a variant, a page) are kept, since they may change the page.
    /// </summary>
    public static bool IsTracking(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);

    private static string? Refusal(string text, out Uri? uri)
    {
        uri = null;
        if (text.Length == 0)
        {
            return "No address given.";
        }
        if (text.Length > IngestItem.UrlMaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The address is {text.Length:N0} characters long; FlipFlow takes addresses of at most {IngestItem.UrlMaxLength:N0}.");
        }
        // On Linux "/path" parses as an absolute file: address; a path alone is not a whole address either way.
        if (text.StartsWith('/') || !Uri.TryCreate(text, UriKind.Absolute, out uri))
        {
            return $"{text} is not a whole address: it must start with http:// or https:// and name a host.";
        }
        if (uri.Scheme is not ("http" or "https"))
        {
            return $"{text} is not an http or https address; FlipFlow fetches only those.";
        }
        if (uri.Host.Length == 0)
        {
            return $"{text} names no host.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return $"{text} carries a user name or password; FlipFlow does not fetch addresses with credentials in them.";
        }
        return null;
    }

    private static string CanonicalOf(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost.ToLowerInvariant() : uri.Host.ToLowerInvariant();
        var port = uri.IsDefaultPort ? "" : string.Create(CultureInfo.InvariantCulture, $":{uri.Port}");
        if (EbayItem(host, uri.AbsolutePath) is { } item)
        {
            // eBay's own addresses are https on the default port; one on another port (a mirror, a test server) is kept as given.
            return port.Length == 0 ? $"https://{item}" : $"{uri.Scheme}://{item.Replace("/itm/", port + "/itm/", StringComparison.Ordinal)}";
        }
        var path = uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath;
        return $"{uri.Scheme}://{host}{port}{path}{QueryWithoutTracking(uri.Query)}";
    }

    private static string? EbayItem(string host, string path)
    {
        if (EbayHost().Match(host) is not { Success: true } site || EbayItemPath().Match(path) is not { Success: true } item)
        {
            return null;
        }
        return $"www.ebay.{site.Groups["tld"].Value}/itm/{item.Groups["number"].Value}";
    }

    private static string QueryWithoutTracking(string query)
    {
        var kept = query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(parameter => !IsTracking(Uri.UnescapeDataString(parameter.Split('=', 2)[0])))
            .ToList();
        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }

    private static Entry EntryOf(CsvRecord record, int column)
    {
        var text = column < record.Fields.Count ? record.Fields[column] : "";
        var error = record.Unclosed
            ? "A quoted field is never closed: the rest of the file was read into it."
            : string.IsNullOrWhiteSpace(text) ? "The url column of this row is empty." : null;
        return new Entry(record.Row, text, error, column + 1);
    }

    private static Entry EntryOf(JsonElement element, int row)
    {
        var url = element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().FirstOrDefault(property => property.Name.Equals("url", StringComparison.OrdinalIgnoreCase)).Value
            : default;
        return url.ValueKind == JsonValueKind.String
            ? new Entry(row, url.GetString()!, null, null)
            : new Entry(row, element.GetRawText(), $"Item {row} of the array has no url string.", null);
    }

    /// <summary>Reads every entry's address and sorts it: first of its canonical form, a repeat, or invalid.</summary>
    private static IngestList Collect(IEnumerable<Entry> entries)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var addresses = new List<IngestLine>();
        var duplicates = new List<IngestLine>();
        var invalid = new List<IngestLine>();
        foreach (var entry in entries)
        {
            var address = Read(entry.Text);
            if (entry.Error is not null || !address.IsValid)
            {
                invalid.Add(new IngestLine(entry.Row, Cut(address.Text), Error: entry.Error ?? address.Error, Column: entry.Column));
            }
            else if (first.TryGetValue(address.Canonical, out var firstRow))
            {
                duplicates.Add(new IngestLine(entry.Row, address.Text, address.Canonical, FirstRow: firstRow, Column: entry.Column));
            }
            else
            {
                first[address.Canonical] = entry.Row;
                addresses.Add(new IngestLine(entry.Row, address.Text, address.Canonical, Column: entry.Column));
            }
        }
        return new IngestList(addresses, duplicates, invalid);
    }

    /// <summary>Keeps an invalid line's text short enough to show: past the longest address, more says nothing new.</summary>
    private static string Cut(string text) => text.Length <= IngestItem.UrlMaxLength + 1 ? text : text[..(IngestItem.UrlMaxLength + 1)];

    [GeneratedRegex(@"^(www\.)?ebay\.(?<tld>[a-z]{2,3}(\.[a-z]{2})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex EbayHost();

    [GeneratedRegex(@"^/itm/([^/]+/)?(?<number>[0-9]+)/?$", RegexOptions.CultureInvariant)]
    private static partial Regex EbayItemPath();

    private sealed record Entry(int Row, string Text, string? Error, int? Column);
}

/// <summary>One record of a CSV file: the row it is (the header is 1), its fields, and whether a quote was left open.</summary>
internal sealed record CsvRecord(int Row, List<string> Fields, bool Unclosed);

/// <summary>
/// Splits CSV text into records as RFC 4180 says: fields apart by commas, records by CRLF or LF (or a lone CR), a
/// field in double quotes may hold commas, line breaks and doubled quotes. It forgives what spreadsheets write
/// anyway: a quote inside an unquoted field is kept as text, as is text after a closing quote.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(string text)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var (quoted, inQuotes, started, row) = (false, false, false, 1);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
                continue;
            }
            started = true;
            switch (c)
            {
                case '"' when field.Length == 0 && !quoted:
                    (inQuotes, quoted) = (true, true);
                    break;
                case ',':
                    fields.Add(field.ToString());
                    (field, quoted) = (new(), false);
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    fields.Add(field.ToString());
                    yield return new CsvRecord(row++, fields, false);
                    (fields, field, quoted, started) = ([], new(), false, false);
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (started || inQuotes)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(row, fields, inQuotes);
        }
    }
}

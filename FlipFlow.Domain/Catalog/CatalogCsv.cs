using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FlipFlow.Domain.Catalog;

/// <summary>One card read from a catalogue CSV, its values trimmed; <see cref="Row"/> is the file line it starts on.</summary>
public sealed record CatalogCsvRow(int Row, string Set, string Number, string Name, string Rarity, string? CardType);

/// <summary>
/// What is wrong in a catalogue CSV: the file line as a user counts it (the header is row 1; a row whose quoted value
/// spans lines is counted from its first line) and the column, by its header name.
/// </summary>
public sealed record CatalogCsvProblem(int Row, string Column, string Message)
{
    public override string ToString() => $"row {Row}, column {Column}: {Message}";
}

/// <summary>The cards of a catalogue CSV and its problems; the rows are only the ones without a problem.</summary>
public sealed record CatalogCsvParse(IReadOnlyList<CatalogCsvRow> Rows, IReadOnlyList<CatalogCsvProblem> Problems);

/// <summary>
/// Reads the card catalogue's CSV: a header row naming the columns <c>set</c>, <c>number</c>, <c>name</c>,
/// <c>rarity</c> and, optionally, <c>card_type</c> (any order, any case), then one card a row. Quoting is RFC 4180's
/// (a quoted value may hold commas, doubled quotes and line breaks); lines end in CRLF or LF; a UTF-8 byte order mark
/// and blank rows are ignored. Every problem is reported, not only the first.
/// </summary>
public static partial class CatalogCsv
{
    public const string SetColumn = "set";
    public const string NumberColumn = "number";
    public const string NameColumn = "name";
    public const string RarityColumn = "rarity";
    public const string CardTypeColumn = "card_type";

    private static readonly string[] RequiredColumns = [SetColumn, NumberColumn, NameColumn, RarityColumn];
    private static readonly string[] Known = [.. RequiredColumns, CardTypeColumn];

    public static CatalogCsvParse Parse(string text)
    {
        var problems = new List<CatalogCsvProblem>();
        var (records, unterminated) = Split(text);
        if (records.Count == 0)
        {
            problems.AddRange(RequiredColumns.Select(column => MissingColumn(1, column)));
            return new CatalogCsvParse([], problems);
        }

        var header = records[0];
        if (unterminated is { } openHeader && openHeader.Record == header)
        {
            // The header runs to the end of the file: there are no rows to read, and its columns are not known.
            problems.Add(Unterminated(header.Line, $"#{openHeader.Field + 1}"));
            return new CatalogCsvParse([], problems);
        }
        var columns = ReadHeader(header, problems);
        if (problems.Count > 0)
        {
            return new CatalogCsvParse([], problems);
        }

        var rows = new List<CatalogCsvRow>();
        var seen = new Dictionary<(string Set, string Number, string Rarity), int>();
        foreach (var record in records.Skip(1))
        {
            if (unterminated is { } open && open.Record == record)
            {
                problems.Add(Unterminated(record.Line, ColumnName(columns, open.Field)));
                continue;
            }
            if (ReadRow(record, columns, problems) is not { } row)
            {
                continue;
            }
            if (seen.TryGetValue((row.Set, row.Number, row.Rarity), out var first))
            {
                problems.Add(new CatalogCsvProblem(row.Row, NumberColumn,
                    $"{row.Set} {row.Number} {row.Rarity} is on rows {first} and {row.Row}; a card's set, number and rarity may appear once in the file."));
                continue;
            }
            seen.Add((row.Set, row.Number, row.Rarity), row.Row);
            rows.Add(row);
        }
        return new CatalogCsvParse(rows, problems);
    }

    /// <summary>Whether a collector number is written as FlipFlow knows them: <c>143/401</c>, <c>P-043</c> or <c>12</c>.</summary>
    public static bool IsCollectorNumber(string number) => CollectorNumber().IsMatch(number);

    [GeneratedRegex("^(?:[0-9]+/[0-9]+|[A-Za-z]+-[0-9]+|[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CollectorNumber();

    private static string[] ReadHeader(Record header, List<CatalogCsvProblem> problems)
    {
        // A spreadsheet's export may end the header in empty cells: those are no columns. A row's values there are extra.
        var names = header.Fields.Select(field => field.Trim().ToLowerInvariant()).Reverse().SkipWhile(name => name.Length == 0).Reverse().ToArray();
        for (var index = 0; index < names.Length; index++)
        {
            var name = names[index];
            if (name.Length == 0)
            {
                problems.Add(new CatalogCsvProblem(header.Line, $"#{index + 1}", $"Column {index + 1} of the header has no name."));
            }
            else if (!Known.Contains(name, StringComparer.Ordinal))
            {
                problems.Add(new CatalogCsvProblem(header.Line, header.Fields[index].Trim(),
                    $"'{header.Fields[index].Trim()}' is not a catalogue column: the columns are set, number, name, rarity and card_type."));
            }
            else if (Array.IndexOf(names, name) < index)
            {
                problems.Add(new CatalogCsvProblem(header.Line, name,
                    $"The header names '{name}' twice, in columns {Array.IndexOf(names, name) + 1} and {index + 1}."));
            }
        }
        problems.AddRange(RequiredColumns.Where(column => !names.Contains(column, StringComparer.Ordinal)).Select(column => MissingColumn(header.Line, column)));
        return names;
    }

    private static CatalogCsvRow? ReadRow(Record record, string[] columns, List<CatalogCsvProblem> problems)
    {
        var before = problems.Count;
        for (var index = columns.Length; index < record.Fields.Count; index++)
        {
            if (record.Fields[index].Trim().Length > 0)
            {
                problems.Add(new CatalogCsvProblem(record.Line, $"#{index + 1}",
                    $"The row has {record.Fields.Count} values; the header has {columns.Length} columns."));
                break;
            }
        }
        var set = Required(SetColumn, "set", CardLimits.Set);
        var number = Required(NumberColumn, "number", CardLimits.Number);
        if (number.Length > 0 && number.Length <= CardLimits.Number && !IsCollectorNumber(number))
        {
            problems.Add(new CatalogCsvProblem(record.Line, NumberColumn, $"'{number}' is not a collector number: write it like 143/401, P-043 or 12."));
        }
        var name = Required(NameColumn, "name", CardLimits.Name);
        var rarity = Required(RarityColumn, "rarity", CardLimits.Rarity);
        var cardType = Value(CardTypeColumn);
        if (cardType.Length > CardLimits.CardType)
        {
            problems.Add(TooLong(record.Line, CardTypeColumn, "card type", cardType, CardLimits.CardType));
        }
        return problems.Count > before ? null : new CatalogCsvRow(record.Line, set, number, name, rarity, cardType.Length == 0 ? null : cardType);

        string Value(string column)
        {
            var index = Array.IndexOf(columns, column);
            return index >= 0 && index < record.Fields.Count ? record.Fields[index].Trim() : "";
        }

        string Required(string column, string label, int limit)
        {
            var value = Value(column);
            if (value.Length == 0)
            {
                problems.Add(new CatalogCsvProblem(record.Line, column, $"The {label} is empty; every card needs one."));
            }
            else if (value.Length > limit)
            {
                problems.Add(TooLong(record.Line, column, label, value, limit));
            }
            return value;
        }
    }

    private static CatalogCsvProblem TooLong(int row, string column, string label, string value, int limit) =>
        new(row, column, string.Create(CultureInfo.InvariantCulture, $"The {label} has {value.Length:N0} characters; at most {limit}."));

    private static CatalogCsvProblem MissingColumn(int row, string column) =>
        new(row, column, $"The header has no '{column}' column: set, number, name and rarity are required, card_type is optional.");

    private static CatalogCsvProblem Unterminated(int row, string column) =>
        new(row, column, "A quoted value is never closed: its opening quote has no closing quote, so the rest of the file would be this one value.");

    private static string ColumnName(string[] columns, int field) => field < columns.Length ? columns[field] : $"#{field + 1}";

    /// <summary>A record of the file: its values, and the line it starts on.</summary>
    private sealed class Record(int line)
    {
        public int Line { get; } = line;
        public List<string> Fields { get; } = [];
    }

    /// <summary>
    /// The file's records, blank ones left out, and the record and field whose quote is never closed (the last record,
    /// as it runs to the end of the file).
    /// </summary>
    private static (List<Record> Records, (Record Record, int Field)? Unterminated) Split(string text)
    {
        var records = new List<Record>();
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (position < text.Length)
        {
            var record = new Record(line);
            var ended = false;
            while (!ended)
            {
                var value = new StringBuilder();
                if (position < text.Length && text[position] == '"')
                {
                    position++;
                    var closed = false;
                    while (position < text.Length)
                    {
                        var c = text[position];
                        if (c == '"')
                        {
                            if (position + 1 < text.Length && text[position + 1] == '"')
                            {
                                value.Append('"');
                                position += 2;
                                continue;
                            }
                            position++;
                            closed = true;
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (position + 1 >= text.Length || text[position + 1] != '\n')))
                        {
                            line++;
                        }
                        value.Append(c);
                        position++;
                    }
                    if (!closed)
                    {
                        record.Fields.Add(value.ToString());
                        records.Add(record);
                        return (records, (record, record.Fields.Count - 1));
                    }
                }
                // An unquoted value, or what follows a closing quote up to the next comma or line end.
                while (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                {
                    value.Append(text[position]);
                    position++;
                }
                record.Fields.Add(value.ToString());
                if (position >= text.Length)
                {
                    ended = true;
                }
                else if (text[position] == ',')
                {
                    position++;
                }
                else
                {
                    position += text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
                    line++;
                    ended = true;
                }
            }
            if (record.Fields.Any(field => field.Trim().Length > 0))
            {
                records.Add(record);
            }
        }
        return (records, null);
    }
}

using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using FlipFlow.Domain.Inventory;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;

namespace FlipFlow.Infrastructure.Imports;

/// <summary>What is wrong in a file, by the file line a user counts (the header is row 1) and the column's canonical name.</summary>
public sealed record CsvProblem(int Row, string Column, string Message)
{
    public override string ToString() => $"row {Row}, column {Column}: {Message}";
}

/// <summary>One data row as read: its cells as written, and its value when it has no problem.</summary>
public sealed record InventoryCsvRecord(int Row, IReadOnlyList<string> Cells, InventoryCsvRow? Value, IReadOnlyList<CsvProblem> Problems);

/// <summary>An inventory row's values, checked. A null price is "contact for price".</summary>
public sealed record InventoryCsvRow(MarketPlatform Platform, string SellerIdentifier, string Sku, int Quantity, decimal? Price, string? Notes,
    string? ListingId, string? Title);

/// <summary>
/// Streams an inventory CSV: UTF-8 with or without a byte order mark, delimited by commas, semicolons or tabs (the one
/// that splits the header into the most known columns), headers in any case and by their common aliases. CsvHelper
/// splits the rows; each row is checked whole and every problem kept. A quoted value may not span lines: spreadsheets
/// write such cells from stray line breaks, and a row that swallows the next ones would hide them.
/// </summary>
public sealed class InventoryCsvReader : IDisposable
{
    public const long MaxFileBytes = 100L * 1024 * 1024;
    public const int MaxQuantity = 1_000_000;
    public const decimal MaxPrice = 1_000_000m;

    private static readonly char[] Delimiters = [',', ';', '\t'];
    private static readonly string[] Required = [InventoryCsvColumns.SellerIdentifier, InventoryCsvColumns.Sku, InventoryCsvColumns.Quantity];

    private readonly StreamReader? text;
    private readonly MarketPlatform? defaultPlatform;
    private readonly Dictionary<string, int> columns = new(StringComparer.Ordinal);
    private readonly List<CsvProblem> fileProblems = [];

    private InventoryCsvReader(Stream stream, MarketPlatform? defaultPlatform, long limit)
    {
        this.defaultPlatform = defaultPlatform;
        if (stream.CanSeek && stream.Length - stream.Position > limit)
        {
            FileProblem($"The file is {stream.Length / 1024.0 / 1024.0:0.#} MB; an import may be {limit / 1024 / 1024} MB at most.");
            return;
        }
        if (stream.CanSeek && LooksBinary(stream))
        {
            FileProblem("The file is not text: it holds bytes a CSV cannot have. Save it from the spreadsheet as CSV (UTF-8).");
            return;
        }
        text = new StreamReader(new LimitedStream(stream, limit), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        string? header;
        try
        {
            header = text.ReadLine();
        }
        catch (DecoderFallbackException)
        {
            FileProblem("The file is not UTF-8 text. Save it from the spreadsheet as CSV (UTF-8).");
            return;
        }
        if (string.IsNullOrWhiteSpace(header?.TrimStart('\uFEFF')))
        {
            FileProblem("The file is empty: it needs a header row naming the columns, then one row per inventory item.");
            return;
        }
        ReadHeader(header.TrimStart('\uFEFF'));
    }

    public char Delimiter { get; private set; } = ',';

    public string DelimiterName => Delimiter switch { ';' => "semicolon", '\t' => "tab", _ => "comma" };

    public IReadOnlyList<string> Header { get; private set; } = [];

    public IReadOnlyList<CsvProblem> FileProblems => fileProblems;

    public static InventoryCsvReader Open(Stream stream, MarketPlatform? defaultPlatform) => new(stream, defaultPlatform, MaxFileBytes);

    /// <summary>As <see cref="Open(Stream, MarketPlatform?)"/>, with a smaller size limit.</summary>
    public static InventoryCsvReader Open(Stream stream, MarketPlatform? defaultPlatform, long limit) => new(stream, defaultPlatform, Math.Min(limit, MaxFileBytes));

    /// <summary>The data rows, in file order, streamed; blank lines are skipped. Call once.</summary>
    public IEnumerable<InventoryCsvRecord> Records()
    {
        if (text is null || fileProblems.Count > 0)
        {
            yield break;
        }
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Delimiter.ToString(),
            IgnoreBlankLines = false,
            BadDataFound = null,
            TrimOptions = TrimOptions.None,
        };
        using var parser = new CsvParser(text, configuration, leaveOpen: true);
        var line = 1;
        var any = false;
        while (true)
        {
            string[]? cells;
            CsvProblem? broken = null;
            try
            {
                cells = parser.Read() ? parser.Record : null;
            }
            catch (DecoderFallbackException)
            {
                cells = null;
                broken = new CsvProblem(line + 1, "file", "From this row on the file is not UTF-8 text. Save it from the spreadsheet as CSV (UTF-8).");
            }
            catch (FileTooLargeException)
            {
                cells = null;
                broken = new CsvProblem(line + 1, "file", $"The file is larger than the {MaxFileBytes / 1024 / 1024} MB an import may be.");
            }
            if (broken is not null)
            {
                yield return new InventoryCsvRecord(broken.Row, [], null, [broken]);
                yield break;
            }
            if (cells is null)
            {
                break;
            }
            var row = line + 1;
            line += 1 + cells.Sum(LineBreaks);
            if (cells.Length == 1 && cells[0].Length == 0)
            {
                continue;
            }
            any = true;
            yield return Check(row, cells);
        }
        if (!any)
        {
            yield return new InventoryCsvRecord(2, [], null,
                [new CsvProblem(2, "file", "The file has a header but no rows: add one row per inventory item under it.")]);
        }
    }

    public void Dispose() => text?.Dispose();

    private InventoryCsvRecord Check(int row, string[] cells)
    {
        var problems = new List<CsvProblem>();
        if (cells.Length != Header.Count)
        {
            problems.Add(new CsvProblem(row, "file", $"The row has {cells.Length} cells; the header has {Header.Count}. A cell holding the delimiter needs quotes."));
            return new InventoryCsvRecord(row, cells, null, problems);
        }
        for (var index = 0; index < cells.Length; index++)
        {
            if (LineBreaks(cells[index]) > 0)
            {
                problems.Add(new CsvProblem(row, ColumnAt(index),
                    "A quoted value runs over more than one line: remove the line break, or close the quote if it was left open."));
            }
        }
        if (problems.Count > 0)
        {
            return new InventoryCsvRecord(row, cells, null, problems);
        }
        string? Cell(string column) => columns.TryGetValue(column, out var index) && cells[index].Trim() is { Length: > 0 } value ? value : null;

        var platform = defaultPlatform;
        if (Cell(InventoryCsvColumns.Platform) is { } platformText)
        {
            if (Enum.TryParse<MarketPlatform>(platformText, ignoreCase: true, out var named) && Enum.IsDefined(named) && !char.IsAsciiDigit(platformText[0]))
            {
                platform = named;
            }
            else
            {
                problems.Add(new CsvProblem(row, InventoryCsvColumns.Platform, $"\"{platformText}\" is not a platform: use ebay, blokpax or shootstrayt."));
            }
        }
        else if (platform is null)
        {
            problems.Add(new CsvProblem(row, InventoryCsvColumns.Platform, "Empty: give the platform here, or choose one for the whole file."));
        }
        var seller = Text(row, InventoryCsvColumns.SellerIdentifier, Cell(InventoryCsvColumns.SellerIdentifier), 200, required: true, formula: false, problems);
        var sku = Text(row, InventoryCsvColumns.Sku, Cell(InventoryCsvColumns.Sku), SkuMapping.SkuMaxLength, required: true, formula: false, problems);
        var notes = Text(row, InventoryCsvColumns.Notes, Cell(InventoryCsvColumns.Notes), InventoryItem.NotesMaxLength, required: false, formula: true, problems);
        var listing = Text(row, InventoryCsvColumns.ListingId, Cell(InventoryCsvColumns.ListingId), InventoryItem.ListingIdMaxLength, required: false, formula: false, problems);
        var title = Text(row, InventoryCsvColumns.Title, Cell(InventoryCsvColumns.Title), 300, required: false, formula: true, problems);
        var quantity = Quantity(row, Cell(InventoryCsvColumns.Quantity), problems);
        var price = Price(row, Cell(InventoryCsvColumns.Price), problems);
        return problems.Count > 0
            ? new InventoryCsvRecord(row, cells, null, problems)
            : new InventoryCsvRecord(row, cells, new InventoryCsvRow(platform!.Value, seller!, sku!, quantity!.Value, price, notes, listing, title), problems);
    }

    private static string? Text(int row, string column, string? value, int maxLength, bool required, bool formula, List<CsvProblem> problems)
    {
        if (value is null)
        {
            if (required)
            {
                problems.Add(new CsvProblem(row, column, "Empty: every row needs one."));
            }
            return null;
        }
        if (value.Length > maxLength)
        {
            problems.Add(new CsvProblem(row, column, $"{value.Length} characters; at most {maxLength}."));
        }
        else if (!formula && LooksLikeFormula(value))
        {
            problems.Add(new CsvProblem(row, column, $"\"{value}\" looks like a spreadsheet formula, not a {column.Replace('_', ' ')}."));
        }
        // Notes and titles that look like formulas are kept as written: FlipFlow never runs them, and its CSVs neutralise them.
        return value;
    }

    private static int? Quantity(int row, string? value, List<CsvProblem> problems)
    {
        if (value is null)
        {
            problems.Add(new CsvProblem(row, InventoryCsvColumns.Quantity, "Empty: every row needs a quantity, a whole number of 1 or more."));
            return null;
        }
        if (!int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var quantity) || quantity < 1 || quantity > MaxQuantity)
        {
            problems.Add(new CsvProblem(row, InventoryCsvColumns.Quantity, $"\"{value}\" is not a whole number from 1 to {MaxQuantity:N0}."));
            return null;
        }
        return quantity;
    }

    private static decimal? Price(int row, string? value, List<CsvProblem> problems)
    {
        if (value is null)
        {
            return null;
        }
        var digits = value.StartsWith('$') ? value[1..] : value;
        if (!decimal.TryParse(digits, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var price))
        {
            problems.Add(new CsvProblem(row, InventoryCsvColumns.Price, $"\"{value}\" is not a price: write it as 12.50, or leave it empty for contact for price."));
            return null;
        }
        if (price < 0 || price > MaxPrice || price.Scale > 2 && price != Math.Round(price, 2))
        {
            problems.Add(new CsvProblem(row, InventoryCsvColumns.Price, price < 0
                ? $"\"{value}\" is negative: a price is 0 or more, or empty for contact for price."
                : price > MaxPrice ? $"\"{value}\" is over {MaxPrice:N0}." : $"\"{value}\" has more than two decimals."));
            return null;
        }
        return price;
    }

    private void ReadHeader(string line)
    {
        Delimiter = Delimiters.MaxBy(candidate => Split(line, candidate).Count(cell => InventoryCsvColumns.Aliases.ContainsKey(InventoryCsvColumns.Canonical(cell))));
        Header = Split(line, Delimiter);
        for (var index = 0; index < Header.Count; index++)
        {
            if (!InventoryCsvColumns.Aliases.TryGetValue(InventoryCsvColumns.Canonical(Header[index]), out var column))
            {
                continue;
            }
            if (!columns.TryAdd(column, index))
            {
                FileProblem($"Two columns are {column}: \"{Header[columns[column]]}\" and \"{Header[index]}\". Keep one.", column);
            }
        }
        var required = defaultPlatform is null ? Required.Prepend(InventoryCsvColumns.Platform) : Required;
        foreach (var missing in required.Where(column => !columns.ContainsKey(column)))
        {
            var aliases = InventoryCsvColumns.Aliases.Where(alias => alias.Value == missing).Select(alias => alias.Key);
            FileProblem($"The header has no {missing} column (it may also be called {string.Join(", ", aliases.Where(alias => alias != missing))})." +
                (missing == InventoryCsvColumns.Platform ? " Or choose a platform for the whole file." : ""), missing);
        }
    }

    private static string[] Split(string line, char delimiter)
    {
        using var parser = new CsvParser(new StringReader(line), new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            BadDataFound = null,
        });
        return parser.Read() ? [.. parser.Record!.Select(cell => cell.Trim())] : [];
    }

    private string ColumnAt(int index) =>
        columns.FirstOrDefault(pair => pair.Value == index).Key ?? (index < Header.Count ? Header[index] : $"#{index + 1}");

    private void FileProblem(string message, string column = "file") => fileProblems.Add(new CsvProblem(1, column, message));

    private static int LineBreaks(string cell)
    {
        var count = 0;
        for (var index = 0; index < cell.Length; index++)
        {
            if (cell[index] == '\n' || cell[index] == '\r' && (index + 1 == cell.Length || cell[index + 1] != '\n'))
            {
                count++;
            }
        }
        return count;
    }

    private static bool LooksLikeFormula(string value) =>
        value[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>NUL or other control bytes in the first 8 KB: a spreadsheet's own format, an image, anything but text.</summary>
    private static bool LooksBinary(Stream stream)
    {
        var start = stream.Position;
        var buffer = new byte[8192];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Position = start;
        return buffer.AsSpan(0, read).IndexOfAnyInRange((byte)0, (byte)8) >= 0 || buffer.AsSpan(0, read).IndexOfAnyInRange((byte)14, (byte)26) >= 0;
    }

    private sealed class FileTooLargeException : IOException;

    /// <summary>Stops reading past the limit, for streams whose length is not known ahead.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var got = inner.Read(buffer, offset, count);
            read += got;
            return read > limit ? throw new FileTooLargeException() : got;
        }
    }
}

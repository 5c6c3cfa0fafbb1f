using System.Text;

namespace FlipFlow.Infrastructure.Common;

/// <summary>
/// Writes RFC 4180 CSV for spreadsheets: fields with commas, quotes or line breaks are quoted, and a text cell
/// that starts with = + - @ (or a tab or carriage return) is prefixed with an apostrophe so that a spreadsheet
/// shows it as text instead of running it as a formula.
/// </summary>
public sealed class CsvWriter(TextWriter output)
{
    public void WriteRow(params IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                output.Write(',');
            }
            first = false;
            output.Write(Escape(field));
        }
        output.Write("\r\n");
    }

    /// <summary>A number or date written by FlipFlow, never neutralised: "-3.50" stays a number.</summary>
    public static string Number(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return "";
        }
        var text = Neutralise(field);
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    /// <summary>Text a spreadsheet would take for a formula gets a leading apostrophe.</summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainNumber(text) ? "'" + text : text;

    private static bool IsPlainNumber(string text) =>
        decimal.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out _);

    public static string ToText(Action<CsvWriter> write)
    {
        var builder = new StringBuilder();
        using var writer = new StringWriter(builder);
        write(new CsvWriter(writer));
        return builder.ToString();
    }
}

using System.Text;
using FlipFlow.Infrastructure.Catalog;

namespace FlipFlow.Tests.Imports;

/// <summary>Inventory CSVs built from the shipped catalogue: ShootStrayt SKUs of printings whose number is theirs alone.</summary>
public static class InventoryFiles
{
    public const string Header = "platform,seller_identifier,sku,quantity,price,notes";

    private static readonly Dictionary<string, string> Codes = new()
    {
        ["Common"] = "COM", ["Uncommon"] = "UNC", ["Rare"] = "RAR", ["Epic"] = "EPC", ["Mythic"] = "MYT", ["Secret Mythic"] = "SEC",
    };

    /// <summary>The five broken cells of <see cref="WithFiveBrokenCells"/>: row, column, and the cell written there.</summary>
    public static readonly (int Row, string Column, int Index, string Cell)[] Broken =
    [
        (12, "platform", 0, "amazon"),
        (202, "seller_identifier", 1, ""),
        (403, "sku", 2, "=HYPERLINK(\"x\")"),
        (604, "quantity", 3, "-2"),
        (905, "price", 4, "abc"),
    ];

    /// <summary>Unique printings: no alt-art promo shares their number.</summary>
    public static IReadOnlyList<(string Number, string Code)> Printings { get; } = ExistenceCatalogue.Printings
        .GroupBy(card => card.Number).Where(group => group.Count() == 1).Select(group => group.Single())
        .Select(card => (card.Number.Split('/')[0], Codes[card.Rarity])).ToList();

    /// <summary>Row i (0-based) of a file: seller shop{i / 300}, each with 300 printings in Classic Paper, quantity 1-4.</summary>
    public static string[] Cells(int index, int quantityShift = 0)
    {
        var (number, code) = Printings[index % 300];
        return ["shootstrayt", $"shop{index / 300}", $"WOTF-EXISTENCE-{number}-{code}-CP", (1 + (index + quantityShift) % 4).ToString(),
            $"{index % 50}.50", $"row {index}"];
    }

    public static string Build(int rows, bool brokenCells = false, int quantityShift = 0)
    {
        var lines = Enumerable.Range(0, rows).Select(index => Cells(index, quantityShift)).ToList();
        if (brokenCells)
        {
            foreach (var (row, _, column, cell) in Broken)
            {
                lines[row - 2][column] = cell;
            }
        }
        var text = new StringBuilder(Header).Append("\r\n");
        foreach (var line in lines)
        {
            text.Append(string.Join(',', line.Select(cell => cell.Contains('"') ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell))).Append("\r\n");
        }
        return text.ToString();
    }

    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}

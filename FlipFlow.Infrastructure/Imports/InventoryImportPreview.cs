namespace FlipFlow.Infrastructure.Imports;

/// <summary>
/// What an inventory file would do, before anything is written: its delimiter and header, its first rows with each
/// cell's problems, every problem in the file by row and column (the first <see cref="InventoryPreviewer.ProblemsListed"/>;
/// <see cref="ProblemCount"/> counts them all), and what would change.
/// </summary>
public sealed record InventoryImportPreview(
    string? Delimiter,
    IReadOnlyList<string> Header,
    IReadOnlyList<SampleRow> Sample,
    IReadOnlyList<CsvProblem> Problems,
    int ProblemCount,
    int Rows,
    int GoodRows,
    int BadRows,
    int HeldRows,
    int NewSellers,
    int NewMappings,
    int MappingsToReview,
    int Added,
    int Updated,
    int Unchanged)
{
    /// <summary>Whole-file problems (empty, no header, a missing column, not text, too large): no row can be read.</summary>
    public bool FileUnreadable => Rows == 0 && ProblemCount > 0;

    public bool HasProblems => ProblemCount > 0;
}

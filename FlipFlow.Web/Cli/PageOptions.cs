using System.CommandLine;

namespace FlipFlow.Web.Cli;

/// <summary><c>--page</c> (from 1) and <c>--page-size</c> (1 to 500, 50 by default) of a verb that lists a page at a time.</summary>
public sealed class PageOptions
{
    public const int MaxPageSize = 500;

    /// <param name="items">What a page holds, for the help: "Listings", "Sellers".</param>
    public PageOptions(string items)
    {
        Page = new Option<int>("--page") { Description = "The page, from 1.", DefaultValueFactory = _ => 1 };
        Size = new Option<int>("--page-size") { Description = $"{items} per page, 1 to {MaxPageSize}.", DefaultValueFactory = _ => 50 };
        Page.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--page starts at 1.");
            }
        });
        Size.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxPageSize)
            {
                result.AddError($"--page-size must be between 1 and {MaxPageSize}.");
            }
        });
    }

    public Option<int> Page { get; }

    public Option<int> Size { get; }

    /// <summary>The page asked for: its number, its size and how many rows come before it.</summary>
    public (int Page, int Size, int Skip) Read(ParseResult parsed)
    {
        var (page, size) = (parsed.GetValue(Page), parsed.GetValue(Size));
        return (page, size, (page - 1) * size);
    }
}

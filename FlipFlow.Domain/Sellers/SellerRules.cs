using System.Text;
using FlipFlow.Domain.Common;
using FlipFlow.Domain.Market;
using FuzzySharp;

namespace FlipFlow.Domain.Sellers;

/// <summary>What an operator may write on a seller, and which sellers may be merged.</summary>
public static class SellerRules
{
    public const int DisplayNameMaxLength = 100;
    public const int NotesMaxLength = 2000;

    public static string? DisplayNameProblem(string? name) => name?.Trim() switch
    {
        null or "" => "Give the seller a display name.",
        { Length: > DisplayNameMaxLength } => $"A display name is at most {DisplayNameMaxLength} characters.",
        var trimmed => FreeText.Problem(trimmed, "display name", multiline: false),
    };

    public static string? NotesProblem(string? notes) => notes switch
    {
        null => null,
        { Length: > NotesMaxLength } => $"Notes are at most {NotesMaxLength} characters.",
        _ => FreeText.Problem(notes, "notes", multiline: true),
    };

    /// <summary>Why these sellers cannot be merged into the target as asked, or null.</summary>
    public static string? MergeProblem(long targetId, IReadOnlyCollection<long> sourceIds) =>
        sourceIds.Count == 0 ? "Choose at least one seller to merge into the target."
        : sourceIds.Contains(targetId) ? $"Seller {targetId} is the target; it cannot also be merged into itself."
        : sourceIds.Distinct().Count() != sourceIds.Count ? "Each seller is merged once; one is named twice."
        : null;
}

/// <summary>A seller as the merge suggestions see it.</summary>
public sealed record SellerName(long Id, MarketPlatform Platform, string Name);

/// <summary>Two sellers that may be one business, and why FlipFlow thinks so.</summary>
public sealed record SellerSuggestion(SellerName First, SellerName Second, int Similarity, string Reason);

/// <summary>
/// Pairs of sellers that may be one business: the same name, once lower-cased and stripped of everything but letters and
/// digits, on two platforms; or names at least <see cref="MinimumSimilarity"/>% alike. Only names of
/// <see cref="MinimumLength"/> or more letters are compared (short names are alike by chance), never wallet addresses, and
/// only names that share their first two letters. Suggestions are for an operator to judge; nothing is merged from them.
/// </summary>
public static class SellerSuggestions
{
    public const int MinimumSimilarity = 90;
    public const int MinimumLength = 5;

    public static IReadOnlyList<SellerSuggestion> Find(IEnumerable<SellerName> sellers)
    {
        var named = sellers
            .Select(seller => (Seller: seller, Key: Normalize(seller.Name)))
            .Where(entry => entry.Key.Length >= MinimumLength && !IsWallet(entry.Seller.Name))
            .ToList();
        var found = new List<SellerSuggestion>();
        foreach (var group in named.GroupBy(entry => entry.Key[..2]))
        {
            var members = group.OrderBy(entry => entry.Seller.Id).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    var (first, second) = (members[i], members[j]);
                    if (first.Key == second.Key)
                    {
                        found.Add(new SellerSuggestion(first.Seller, second.Seller, 100, first.Seller.Platform == second.Seller.Platform
                            ? $"The same name, \"{first.Key}\", written differently."
                            : $"The same name, \"{first.Key}\", on {first.Seller.Platform} and {second.Seller.Platform}."));
                        continue;
                    }
                    var similarity = Fuzz.Ratio(first.Key, second.Key);
                    if (similarity >= MinimumSimilarity)
                    {
                        found.Add(new SellerSuggestion(first.Seller, second.Seller, similarity, $"Names {similarity}% alike."));
                    }
                }
            }
        }
        return found.OrderByDescending(suggestion => suggestion.Similarity).ThenBy(suggestion => suggestion.First.Id)
            .ThenBy(suggestion => suggestion.Second.Id).ToList();
    }

    /// <summary>Lower-case letters and digits only: "Card-King_99" is "cardking99".</summary>
    public static string Normalize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            if (char.IsLetterOrDigit(character))
            {
                text.Append(char.ToLowerInvariant(character));
            }
        }
        return text.ToString();
    }

    private static bool IsWallet(string name) => name.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && name.Length >= 42;
}

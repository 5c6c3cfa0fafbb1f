using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Products;

namespace FlipFlow.Web.Features.Products;

/// <summary>How the products pages write conditions and prices.</summary>
public static class ProductFormatting
{
    /// <summary>Every condition with its label, for drop-downs.</summary>
    public static IReadOnlyList<ConditionOption> Conditions { get; } =
        Enum.GetValues<ItemCondition>().Select(condition => new ConditionOption(condition, Condition(condition))).ToList();

    public static string Condition(ItemCondition condition) => condition switch
    {
        ItemCondition.LikeNew => "Like new",
        ItemCondition.VeryGood => "Very good",
        ItemCondition.ForParts => "For parts",
        _ => condition.ToString(),
    };

    /// <summary>"1,234.50 USD": the amount in the console's culture, then the product's own currency code.</summary>
    public static string Price(decimal price, string currency) => $"{price:N2} {currency}";
}

public sealed record ConditionOption(ItemCondition Value, string Label);

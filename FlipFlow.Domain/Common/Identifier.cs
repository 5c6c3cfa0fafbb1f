using System.Globalization;
using System.Text;

namespace FlipFlow.Domain.Common;

/// <summary>
/// The rule for identifiers people type or paste (SKUs): what is taken in is trimmed and put in Unicode Normalization
/// Form C, so "é" typed as one character and as "e" plus a combining accent are one SKU, not two look-alikes; and it
/// may hold no character a person cannot see or that changes the direction text is shown in (format characters such as
/// U+200B ZERO WIDTH SPACE and U+202E RIGHT-TO-LEFT OVERRIDE, controls, spaces, private-use characters, half a
/// surrogate pair), because two identifiers that look the same would then be different, and one could be shown reversed.
/// </summary>
public static class Identifier
{
    /// <summary>The identifier as it is kept and compared: trimmed, in Normalization Form C. Normalize before <see cref="Problem"/>.</summary>
    public static string Normalize(string? text)
    {
        var trimmed = (text ?? "").Trim();
        // Normalising text holding half a surrogate pair throws; Problem names that character instead.
        return !IsWellFormed(trimmed) || trimmed.IsNormalized(NormalizationForm.FormC) ? trimmed : trimmed.Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// What is wrong with a normalized identifier's characters, naming the first bad one ("SKU has U+200B ZERO WIDTH SPACE
    /// at position 4; ..."), or null. <paramref name="what"/> names the identifier in the message. Length and emptiness are
    /// the caller's, which knows its limits.
    /// </summary>
    public static string? Problem(string identifier, string what)
    {
        foreach (var (codePoint, position) in UnicodeCharacters.Enumerate(identifier))
        {
            if (IsRefused(codePoint))
            {
                return $"The {what} has {UnicodeCharacters.Describe(codePoint, position)}; {Advice(codePoint)}";
            }
        }
        return null;
    }

    private static bool IsRefused(int codePoint) => CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
        or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;

    private static string Advice(int codePoint) => CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
    {
        UnicodeCategory.SpaceSeparator => "identifiers have no spaces (use - or _).",
        UnicodeCategory.OtherNotAssigned => "that code point has no character in Unicode; retype the identifier.",
        _ => "it cannot be seen, so retype the identifier rather than pasting it.",
    };

    private static bool IsWellFormed(string text)
    {
        for (var index = 0; index < text.Length; index++)
        {
            if (char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                index++;
            }
            else if (char.IsSurrogate(text[index]))
            {
                return false;
            }
        }
        return true;
    }
}

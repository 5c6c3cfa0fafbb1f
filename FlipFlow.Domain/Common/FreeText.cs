using System.Globalization;

namespace FlipFlow.Domain.Common;

/// <summary>
/// The rule for text people write (titles, descriptions, item specifics). Unlike an <see cref="Identifier"/>, it may hold
/// the invisible characters writing needs: a zero width joiner inside an emoji or an Indic word, a non-joiner in
/// Persian, left-to-right and right-to-left marks beside Arabic or Hebrew, a soft hyphen. It may not hold the
/// bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069): one left open shows the rest of
/// the text reversed or reordered on the marketplace and in every grid, so the text read is not the text written. Nor
/// control characters, except tab and line breaks where the text has lines, nor half a surrogate pair, which no
/// encoding can carry.
/// </summary>
public static class FreeText
{
    /// <summary>What is wrong with the text's characters, naming the first bad one, or null. <paramref name="what"/> names the field.</summary>
    public static string? Problem(string text, string what, bool multiline)
    {
        foreach (var (codePoint, position) in UnicodeCharacters.Enumerate(text))
        {
            if (IsDirectionChanging(codePoint))
            {
                return $"The {what} has {UnicodeCharacters.Describe(codePoint, position)}, which can show the text after it reversed; remove it.";
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
            if (category == UnicodeCategory.Control && !(multiline && codePoint is '\t' or '\n' or '\r'))
            {
                return $"The {what} has {UnicodeCharacters.Describe(codePoint, position)}, a control character; remove it.";
            }
            if (category == UnicodeCategory.Surrogate)
            {
                return $"The {what} has {UnicodeCharacters.Describe(codePoint, position)}; retype the text around it.";
            }
        }
        return null;
    }

    /// <summary>The bidirectional embeddings, overrides and isolates, and their terminators.</summary>
    public static bool IsDirectionChanging(int codePoint) => codePoint is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;
}

using System.Globalization;
using System.Text;

namespace FlipFlow.Domain.Common;

/// <summary>How a message names a character a person cannot see: "U+200B ZERO WIDTH SPACE at position 4".</summary>
public static class UnicodeCharacters
{
    // .NET carries no Unicode name table: these are the invisible and direction-changing characters people paste in
    // by accident (from web pages, spreadsheets, chat), named as the Unicode standard names them.
    private static readonly Dictionary<int, string> Names = new()
    {
        [0x0000] = "NULL",
        [0x0009] = "CHARACTER TABULATION",
        [0x000A] = "LINE FEED",
        [0x000D] = "CARRIAGE RETURN",
        [0x0020] = "SPACE",
        [0x00A0] = "NO-BREAK SPACE",
        [0x00AD] = "SOFT HYPHEN",
        [0x061C] = "ARABIC LETTER MARK",
        [0x180E] = "MONGOLIAN VOWEL SEPARATOR",
        [0x200B] = "ZERO WIDTH SPACE",
        [0x200C] = "ZERO WIDTH NON-JOINER",
        [0x200D] = "ZERO WIDTH JOINER",
        [0x200E] = "LEFT-TO-RIGHT MARK",
        [0x200F] = "RIGHT-TO-LEFT MARK",
        [0x2028] = "LINE SEPARATOR",
        [0x2029] = "PARAGRAPH SEPARATOR",
        [0x202A] = "LEFT-TO-RIGHT EMBEDDING",
        [0x202B] = "RIGHT-TO-LEFT EMBEDDING",
        [0x202C] = "POP DIRECTIONAL FORMATTING",
        [0x202D] = "LEFT-TO-RIGHT OVERRIDE",
        [0x202E] = "RIGHT-TO-LEFT OVERRIDE",
        [0x202F] = "NARROW NO-BREAK SPACE",
        [0x2060] = "WORD JOINER",
        [0x2066] = "LEFT-TO-RIGHT ISOLATE",
        [0x2067] = "RIGHT-TO-LEFT ISOLATE",
        [0x2068] = "FIRST STRONG ISOLATE",
        [0x2069] = "POP DIRECTIONAL ISOLATE",
        [0x3000] = "IDEOGRAPHIC SPACE",
        [0xFEFF] = "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
    };

    /// <summary>"U+200B ZERO WIDTH SPACE at position 4": the code point, its name (or its kind), and where it is, counted from 1 in characters.</summary>
    public static string Describe(int codePoint, int position) => $"{Code(codePoint)} {Name(codePoint)} at position {position}";

    public static string Code(int codePoint) => $"U+{codePoint:X4}";

    public static string Name(int codePoint) => Names.TryGetValue(codePoint, out var name)
        ? name
        : CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.Control => "(a control character)",
            UnicodeCategory.Format => "(an invisible formatting character)",
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => "(a space)",
            UnicodeCategory.PrivateUse => "(a private-use character)",
            UnicodeCategory.Surrogate => "(half of a character pair, standing alone)",
            _ => $"'{char.ConvertFromUtf32(codePoint)}'",
        };

    /// <summary>
    /// The text's code points with their position counted from 1, as a person counts characters: one outside the Basic
    /// Multilingual Plane (an emoji) is one. Half of a surrogate pair standing alone, which no encoding can carry, comes
    /// back as its own code unit so that it can be named and refused.
    /// </summary>
    public static IEnumerable<(int CodePoint, int Position)> Enumerate(string text)
    {
        var position = 0;
        for (var index = 0; index < text.Length;)
        {
            position++;
            if (Rune.TryGetRuneAt(text, index, out var rune))
            {
                yield return (rune.Value, position);
                index += rune.Utf16SequenceLength;
            }
            else
            {
                yield return (text[index], position);
                index++;
            }
        }
    }
}

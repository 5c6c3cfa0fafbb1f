using FlipFlow.Domain.Common;

namespace FlipFlow.Tests.Common;

/// <summary>The Domain's rules for identifiers, free text and currency codes.</summary>
public sealed class TextRulesTests
{
    [Theory]
    [InlineData("CARD-1", null)]
    [InlineData("CARTE-ÉTÉ_2", null)]
    [InlineData("カード-1", null)]
    [InlineData("CARD\u200B-1", "U+200B ZERO WIDTH SPACE at position 5")]
    [InlineData("\u200DCARD", "U+200D ZERO WIDTH JOINER at position 1")]
    [InlineData("CA\u200CRD", "U+200C ZERO WIDTH NON-JOINER at position 3")]
    [InlineData("\uFEFFCARD", "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) at position 1")]
    [InlineData("CARD\u202E1-A", "U+202E RIGHT-TO-LEFT OVERRIDE at position 5")]
    [InlineData("CARD\u202A1", "U+202A LEFT-TO-RIGHT EMBEDDING at position 5")]
    [InlineData("CARD\u20661", "U+2066 LEFT-TO-RIGHT ISOLATE at position 5")]
    [InlineData("CARD\u20691", "U+2069 POP DIRECTIONAL ISOLATE at position 5")]
    [InlineData("CARD\u200E1", "U+200E LEFT-TO-RIGHT MARK at position 5")]
    [InlineData("CARD\u200F1", "U+200F RIGHT-TO-LEFT MARK at position 5")]
    [InlineData("CA\u00ADRD", "U+00AD SOFT HYPHEN at position 3")]
    [InlineData("CARD 1", "U+0020 SPACE at position 5; identifiers have no spaces")]
    [InlineData("CARD\u00A01", "U+00A0 NO-BREAK SPACE at position 5")]
    [InlineData("CARD\t1", "U+0009 CHARACTER TABULATION at position 5")]
    [InlineData("CARD\u00071", "U+0007 (a control character) at position 5")]
    [InlineData("CARD\uE0001", "U+E000 (a private-use character) at position 5")]
    [InlineData("😀\u200B", "U+200B ZERO WIDTH SPACE at position 2")]
    public void An_identifier_with_a_character_no_one_can_see_or_that_turns_text_around_is_refused_naming_it(string sku, string? named)
    {
        var problem = Identifier.Problem(Identifier.Normalize(sku), "SKU");

        if (named is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.StartsWith("The SKU has ", problem);
            Assert.Contains(named, problem);
        }
    }

    [Fact]
    public void Half_a_surrogate_pair_is_kept_as_typed_and_refused_by_name()
    {
        // Built here: a test attribute's text cannot carry half a pair.
        var sku = "CARD" + (char)0xD800;

        Assert.Equal(sku, Identifier.Normalize(sku));
        Assert.Contains("U+D800 (half of a character pair, standing alone) at position 5", Identifier.Problem(sku, "SKU"));
        Assert.Contains("U+DC00", FreeText.Problem("Title" + (char)0xDC00, "title", multiline: false));
    }

    [Theory]
    [InlineData("Cafe\u0301-1", "Café-1")]
    [InlineData("  CARD-1  ", "CARD-1")]
    [InlineData("A\u030A", "\u00C5")]
    [InlineData("\u212B", "\u00C5")]
    public void An_identifier_is_trimmed_and_kept_in_Normalization_Form_C(string typed, string kept)
    {
        Assert.Equal(kept, Identifier.Normalize(typed));
    }

    [Theory]
    [InlineData("Great Core of Alderok, near mint", false, null)]
    [InlineData("👨\u200D👩\u200D👧 family set", false, null)]
    [InlineData("می\u200Cخواهم", false, null)]
    [InlineData("English \u200Fעברית\u200E text", false, null)]
    [InlineData("soft\u00ADhyphen", false, null)]
    [InlineData("Line one\nLine two\r\n\tindented", true, null)]
    [InlineData("Line one\nLine two", false, "U+000A LINE FEED at position 9")]
    [InlineData("Nice card \u202Egnp.exe", false, "U+202E RIGHT-TO-LEFT OVERRIDE at position 11")]
    [InlineData("Nice card \u202Dabc", true, "U+202D LEFT-TO-RIGHT OVERRIDE at position 11")]
    [InlineData("Nice \u2067card\u2069", true, "U+2067 RIGHT-TO-LEFT ISOLATE at position 6")]
    [InlineData("Bell\u0007", true, "U+0007 (a control character) at position 5")]
    public void Free_text_keeps_the_invisible_characters_writing_needs_and_refuses_direction_overrides_and_controls(string text, bool multiline,
        string? named)
    {
        var problem = FreeText.Problem(text, "title", multiline);

        if (named is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains(named, problem);
        }
    }

    [Theory]
    [InlineData("USD", null)]
    [InlineData("EUR", null)]
    [InlineData("JPY", null)]
    [InlineData("CHF", null)]
    [InlineData("XCG", null)]
    [InlineData("ZWG", null)]
    [InlineData("SLE", null)]
    [InlineData("VES", null)]
    [InlineData("ABC", "ABC is not an ISO 4217 currency code")]
    [InlineData("XXX", "XXX is not an ISO 4217 currency code")]
    [InlineData("XTS", "XTS is not an ISO 4217 currency code")]
    [InlineData("XAU", "XAU is not an ISO 4217 currency code")]
    [InlineData("HRK", "HRK is not an ISO 4217 currency code")]
    [InlineData("ANG", "ANG is not an ISO 4217 currency code")]
    [InlineData("DEM", "DEM is not an ISO 4217 currency code")]
    [InlineData("US", "US is not an ISO 4217 currency code")]
    [InlineData("usd", "Write the currency code in capitals: USD.")]
    [InlineData("", "Enter a currency")]
    [InlineData(null, "Enter a currency")]
    public void A_currency_is_an_active_ISO_4217_code(string? code, string? problem)
    {
        var found = CurrencyCodes.Problem(code);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.NotNull(found);
            Assert.Contains(problem, found);
        }
    }

    [Fact]
    public void Every_active_code_is_three_capital_letters()
    {
        Assert.All(CurrencyCodes.Active, code => Assert.Matches("^[A-Z]{3}$", code));
        Assert.InRange(CurrencyCodes.Active.Count, 150, 170);
    }
}

using FlipFlow.Domain.ApiKeys;

namespace FlipFlow.Tests.ApiKeys;

public sealed class ApiKeyMaterialTests
{
    private const string Secret = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst";

    [Fact]
    public void A_generated_key_is_ff_then_an_8_character_prefix_then_a_52_character_base32_secret()
    {
        var material = ApiKeyMaterial.Generate();
        Assert.Matches("^ff_[a-z2-7]{8}_[a-z2-7]{52}$", material.Text);
        Assert.Equal(ApiKeyMaterial.Length, material.Text.Length);
        // 52 base32 characters carry 260 bits: at least the 256 a secret needs.
        Assert.True(ApiKeyMaterial.SecretLength * 5 >= 256);
        Assert.True(ApiKeyMaterial.TryParse(material.Text, out var parsed));
        Assert.Equal(material, parsed);
    }

    [Fact]
    public void Generated_keys_differ_in_prefix_and_secret()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeyMaterial.Generate()).ToList();
        Assert.Equal(keys.Count, keys.Select(key => key.Prefix).Distinct().Count());
        Assert.Equal(keys.Count, keys.Select(key => key.Secret).Distinct().Count());
    }

    [Fact]
    public void The_text_of_a_key_never_shows_its_secret_when_printed()
    {
        var material = ApiKeyMaterial.Generate();
        Assert.DoesNotContain(material.Secret, material.ToString());
        Assert.DoesNotContain(material.Secret, $"{material}");
    }

    [Theory]
    [InlineData("ff_abcdefgh_" + Secret, true)]
    [InlineData("ff_2345672a_" + Secret, true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("ff_abcdefgh_", false)]
    [InlineData("ff_abcdefgh_" + Secret + "a", false)]
    [InlineData("ff_abcdefgh_" + "bcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst", false)]
    [InlineData("FF_abcdefgh_" + Secret, false)]
    [InlineData("xx_abcdefgh_" + Secret, false)]
    [InlineData("ff_ABCDEFGH_" + Secret, false)]
    [InlineData("ff_abcdefg1_" + Secret, false)]
    [InlineData("ff_abcdefgh-" + Secret, false)]
    [InlineData("ff_abcdefghi" + Secret, false)]
    [InlineData("ff_abcdefgh_" + "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs8", false)]
    [InlineData("ff_abcdefgh_" + "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs=", false)]
    [InlineData("ff_abcdefgh_" + "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrs_", false)]
    [InlineData(" ff_abcdefgh_" + "bcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst", false)]
    public void A_presented_key_parses_only_when_it_has_exactly_a_keys_shape(string? presented, bool parses)
    {
        Assert.Equal(parses, ApiKeyMaterial.TryParse(presented, out var material));
        if (parses)
        {
            Assert.Equal(presented, material!.Text);
            Assert.Equal(presented![3..11], material.Prefix);
            Assert.Equal(presented[12..], material.Secret);
        }
    }

    [Theory]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    // Worked out with sha256sum.
    [InlineData(Secret, "96903127e4208e76fe38bb5ea22b27b889d7882dc7ab987027d8ce6514a4f1e4")]
    public void The_stored_hash_is_the_SHA_256_of_the_secret_in_lower_case_hex(string secret, string hash) =>
        Assert.Equal(hash, ApiKeyMaterial.HashSecret(secret));

    [Theory]
    [InlineData(Secret, true)]
    [InlineData("bbcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrsa", false)]
    public void A_key_matches_only_the_hash_of_its_own_secret(string storedSecret, bool matches)
    {
        Assert.True(ApiKeyMaterial.TryParse("ff_abcdefgh_" + Secret, out var material));
        Assert.Equal(matches, material.Matches(ApiKeyMaterial.HashSecret(storedSecret)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("96903127E4208E76FE38BB5EA22B27B889D7882DC7AB987027D8CE6514A4F1E4")]
    [InlineData("96903127e4208e76fe38bb5ea22b27b889d7882dc7ab987027d8ce6514a4f1e")]
    public void A_key_does_not_match_a_malformed_stored_hash(string storedHash)
    {
        Assert.True(ApiKeyMaterial.TryParse("ff_abcdefgh_" + Secret, out var material));
        Assert.False(material.Matches(storedHash));
    }

    [Theory]
    [InlineData("abcdefgh", true)]
    [InlineData("23456723", true)]
    [InlineData("abcdefg", false)]
    [InlineData("abcdefghi", false)]
    [InlineData("abcdefg1", false)]
    [InlineData("12", false)]
    [InlineData(null, false)]
    public void A_prefix_is_8_base32_characters(string? text, bool isPrefix) =>
        Assert.Equal(isPrefix, ApiKeyMaterial.IsPrefix(text));
}

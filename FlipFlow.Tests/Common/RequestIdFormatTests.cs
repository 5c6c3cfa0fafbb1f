using FlipFlow.Domain.Common;

namespace FlipFlow.Tests.Common;

public sealed class RequestIdFormatTests
{
    [Theory]
    [InlineData("abc-123", true)]
    [InlineData("a", true)]
    [InlineData("Build_42.retry-3", true)]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    [InlineData("quote\"d", false)]
    [InlineData("new\nline", false)]
    [InlineData("caf\u00e9", false)]
    [InlineData("slash/path", false)]
    [InlineData("\u0661\u0662", false)]
    public void A_request_id_is_ASCII_letters_digits_dots_underscores_and_hyphens(string? candidate, bool accepted) =>
        Assert.Equal(accepted, RequestIdFormat.Accepts(candidate));

    [Theory]
    [InlineData(127, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    [InlineData(1000, false)]
    public void A_request_id_is_at_most_128_characters(int length, bool accepted) =>
        Assert.Equal(accepted, RequestIdFormat.Accepts(new string('x', length)));
}

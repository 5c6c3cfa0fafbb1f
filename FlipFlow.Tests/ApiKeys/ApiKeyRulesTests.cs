using FlipFlow.Domain.ApiKeys;

namespace FlipFlow.Tests.ApiKeys;

public sealed class ApiKeyRulesTests
{
    [Theory]
    [InlineData("nightly export", "Operator", "")]
    [InlineData("  padded  ", "viewer", "")]
    [InlineData("", "Admin", "name")]
    [InlineData("   ", "Admin", "name")]
    [InlineData(null, "Admin", "name")]
    [InlineData("script", "Owner", "role")]
    [InlineData("script", "", "role")]
    [InlineData("script", null, "role")]
    [InlineData("", "Owner", "name,role")]
    public void A_new_key_needs_a_name_and_one_of_the_roles(string? name, string? role, string fields) =>
        Assert.Equal(fields, string.Join(",", ApiKeyRules.Problems(name, role).Keys.Order()));

    [Theory]
    [InlineData(100, "")]
    [InlineData(101, "name")]
    public void A_keys_name_is_at_most_100_characters(int length, string fields) =>
        Assert.Equal(fields, string.Join(",", ApiKeyRules.Problems(new string('k', length), "Admin").Keys));

    [Theory]
    [InlineData(null, 0, true)]
    [InlineData(0, 0, false)]
    [InlineData(0, 59, false)]
    [InlineData(0, 60, true)]
    [InlineData(0, 3600, true)]
    // A clock set back does not write: the recorded time is still the newest.
    [InlineData(60, 0, false)]
    public void A_keys_use_is_recorded_at_most_once_a_minute(int? lastUsedSecond, int nowSecond, bool records)
    {
        var start = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        DateTimeOffset? lastUsed = lastUsedSecond is { } second ? start.AddSeconds(second) : null;
        Assert.Equal(records, ApiKeyRules.ShouldRecordUse(lastUsed, start.AddSeconds(nowSecond)));
    }
}

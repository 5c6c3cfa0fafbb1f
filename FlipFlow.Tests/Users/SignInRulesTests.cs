using System.Net;
using FlipFlow.Domain.Users;
using FlipFlow.Web.Features.Users;

namespace FlipFlow.Tests.Users;

public sealed class SignInRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly SignInRules Rules = new(FailuresPerAddress: 5, FailuresPerAccount: 50, Lockout: TimeSpan.FromMinutes(15));

    [Theory]
    [InlineData(true, true, false, false, SignInVerdict.SignIn)]
    [InlineData(false, true, false, false, SignInVerdict.RefuseAndCountFailure)]
    [InlineData(true, true, true, false, SignInVerdict.Refuse)]
    [InlineData(true, true, false, true, SignInVerdict.Refuse)]
    [InlineData(true, false, false, false, SignInVerdict.Refuse)]
    [InlineData(false, true, true, false, SignInVerdict.Refuse)]
    [InlineData(false, true, false, true, SignInVerdict.Refuse)]
    [InlineData(false, false, false, false, SignInVerdict.Refuse)]
    public void A_locked_or_disabled_account_is_refused_whatever_the_password_and_only_a_wrong_password_on_an_open_one_counts(
        bool passwordRight, bool allowed, bool lockedForEveryone, bool lockedForAddress, SignInVerdict expected) =>
        Assert.Equal(expected, SignInRules.Decide(passwordRight, allowed, lockedForEveryone, lockedForAddress));

    [Theory]
    [InlineData(null, 0, 1, false)]
    [InlineData(3, 1, 4, false)]
    [InlineData(4, 1, 0, true)]
    [InlineData(4, 14, 0, true)]
    [InlineData(4, 15, 1, false)]
    [InlineData(4, 60, 1, false)]
    public void The_fifth_failure_within_the_lockout_period_locks_the_address_and_older_ones_are_forgotten(
        int? failuresBefore, int minutesSinceLast, int expectedFailures, bool expectLocked)
    {
        var before = failuresBefore is { } count ? new AddressFailures(count, Now.AddMinutes(-minutesSinceLast), null) : null;

        var after = Rules.AfterFailure(before, Now);

        Assert.Equal(expectedFailures, after.Failures);
        Assert.Equal(expectLocked, after.IsLocked(Now));
        Assert.Equal(expectLocked ? Now.AddMinutes(15) : null, after.LockedUntil);
        Assert.False(after.IsLocked(Now.AddMinutes(15)));
    }

    [Theory]
    [InlineData(0, 50, 15, "FailuresPerAddress")]
    [InlineData(5, 4, 15, "FailuresPerAccount")]
    [InlineData(5, 50, 0, "LockoutMinutes")]
    public void Rules_that_would_let_one_address_lock_everyone_out_or_never_lock_are_refused_at_start(int perAddress, int perAccount, int minutes, string named)
    {
        var refused = Assert.Throws<ArgumentException>(() => new SignInRules(perAddress, perAccount, TimeSpan.FromMinutes(minutes)).Validate());
        Assert.Contains(named, refused.Message);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void Client_addresses_count_alone_for_IPv4_and_by_their_64_bit_network_for_IPv6(string address, string key) =>
        Assert.Equal(key, ClientAddress.KeyOf(IPAddress.Parse(address)));

    [Fact]
    public void A_missing_client_address_counts_as_one_unknown_address() =>
        Assert.Equal(ClientAddress.Unknown, ClientAddress.KeyOf(null));

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/products?search=a%26b", "/products?search=a%26b")]
    [InlineData("/\u3002x", "/%E3%80%82x")]
    [InlineData("/products?search=Pok\u00e9mon", "/products?search=Pok%C3%A9mon")]
    [InlineData("/a b", "/a%20b")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/\uFF0Fevil.example/", "/")]
    [InlineData("/\uFF3Cevil.example/", "/")]
    [InlineData("/\t/evil.example/", "/")]
    [InlineData("/\n/evil.example/", "/")]
    [InlineData("/\u202Egro.elpmaxe", "/")]
    [InlineData("/\u200B/evil.example", "/")]
    public void A_return_address_stays_a_local_path_escaped_for_a_Location_header(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountPaths.SafeReturnUrl(returnUrl));
}

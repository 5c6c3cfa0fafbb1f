using Bunit;
using FlipFlow.Domain.Users;
using FlipFlow.Web.Features.Users;
using MudBlazor.Services;

namespace FlipFlow.Tests.Users;

public sealed class UserStatusChipsComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public UserStatusChipsComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    [Theory]
    [InlineData(false, false, false, "Active", "success")]
    [InlineData(false, false, true, "Active|Must change password", "success|info")]
    [InlineData(true, false, false, "Disabled", "error")]
    [InlineData(true, true, true, "Disabled|Must change password", "error|info")]
    [InlineData(false, true, false, "Locked until *", "warning")]
    public void A_user_gets_one_chip_for_their_state_and_one_more_while_they_must_change_their_password(
        bool disabled, bool lockedOut, bool mustChange, string texts, string colours)
    {
        var user = User(disabled, lockedOut ? Now.AddMinutes(10) : null, mustChange);

        var chips = Render<UserStatusChips>(parameters => parameters.Add(chip => chip.User, user).Add(chip => chip.Now, Now))
            .FindAll(".mud-chip");

        var expectedTexts = texts.Split('|');
        var expectedColours = colours.Split('|');
        Assert.Equal(expectedTexts.Length, chips.Count);
        for (var i = 0; i < chips.Count; i++)
        {
            var text = chips[i].TextContent.Trim();
            Assert.True(expectedTexts[i].EndsWith('*') ? text.StartsWith(expectedTexts[i].TrimEnd('*'), StringComparison.Ordinal) : text == expectedTexts[i],
                $"chip {i} says '{text}', expected '{expectedTexts[i]}'");
            Assert.Contains($"mud-chip-color-{expectedColours[i]}", chips[i].ClassName);
        }
    }

    [Fact]
    public void A_lockout_that_has_ended_shows_the_user_as_Active()
    {
        var user = User(disabled: false, lockedOutUntil: Now.AddMinutes(-1), mustChange: false);

        Assert.Equal([("Active", MudBlazor.Color.Success)], UserStatusChips.Of(user, Now));
    }

    [Fact]
    public void A_locked_out_user_is_shown_locked_until_the_lockout_ends_in_local_time()
    {
        var until = Now.AddMinutes(15);
        var user = User(disabled: false, lockedOutUntil: until, mustChange: false);

        Assert.Equal([($"Locked until {until.ToLocalTime():t}", MudBlazor.Color.Warning)], UserStatusChips.Of(user, Now));
    }

    private static UserAccount User(bool disabled, DateTimeOffset? lockedOutUntil, bool mustChange) =>
        new("id", "someone@example.com", Roles.Operator, disabled, lockedOutUntil, mustChange, Now.AddDays(-30), null);
}

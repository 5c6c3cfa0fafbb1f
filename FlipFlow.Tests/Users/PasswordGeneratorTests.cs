using FlipFlow.Domain.Users;

namespace FlipFlow.Tests.Users;

public sealed class PasswordGeneratorTests
{
    [Fact]
    public void Generated_passwords_always_satisfy_the_policy_and_do_not_repeat()
    {
        var passwords = Enumerable.Range(0, 500).Select(_ => PasswordGenerator.Generate()).ToList();
        Assert.All(passwords, password =>
        {
            Assert.Equal(PasswordGenerator.Length, password.Length);
            Assert.Contains(password, char.IsUpper);
            Assert.Contains(password, char.IsLower);
            Assert.Contains(password, char.IsDigit);
            Assert.DoesNotContain(password, c => "0O1lI".Contains(c));
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Theory]
    [InlineData("admin", Roles.Admin)]
    [InlineData(" Viewer ", Roles.Viewer)]
    [InlineData("OPERATOR", Roles.Operator)]
    [InlineData("owner", null)]
    [InlineData(null, null)]
    public void Role_names_parse_to_their_canonical_spelling(string? text, string? expected) =>
        Assert.Equal(expected, Roles.Parse(text));
}

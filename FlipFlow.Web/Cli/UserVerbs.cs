using System.CommandLine;
using FlipFlow.Domain.Users;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Cli;

/// <summary><c>users add &lt;email&gt; --role &lt;role&gt;</c>, <c>users list [--json]</c>, <c>users reset-password &lt;email&gt;</c>, <c>users unlock &lt;email&gt; [--json]</c>.</summary>
public static class UserVerbs
{
    public static Command Create(CliContext context)
    {
        var email = new Argument<string>("email") { Description = "The new user's email address; it is also the sign-in name." };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var add = new Command("add", "Create a user with a generated password, printed once; it must be changed at first sign-in.") { email, role };
        add.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var issued = await host.Services.GetRequiredService<IUserAdministration>()
                .CreateAsync(parsed.GetValue(email)!, parsed.GetValue(role)!, cancellationToken);
            StartupBanner.WriteIssued(context.Output, issued);
            return FlipFlowCli.Ok;
        });

        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var list = new Command("list", "List users with their role and state.") { json };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var users = await host.Services.GetRequiredService<IUserAdministration>().ListAsync(cancellationToken);
            var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var rows = users.Select(user => new UserRow(user.Email, user.Role, user.IsDisabled, user.IsLockedOut(now),
                user.MustChangePassword, user.CreatedAt, user.LastSignInAt, user.LockedAddresses)).ToList();
            if (parsed.GetValue(json))
            {
                context.WriteJson(rows);
                return FlipFlowCli.Ok;
            }
            var width = Math.Max(5, rows.Select(row => row.Email.Length).DefaultIfEmpty(0).Max());
            context.Output.WriteLine($"{"Email".PadRight(width)}  {"Role",-8}  State");
            foreach (var row in rows)
            {
                var state = row.Disabled ? "disabled" : row.LockedOut ? "locked out" : "active";
                if (row.LockedAddresses > 0)
                {
                    state += $", locked for {row.LockedAddresses} client address{(row.LockedAddresses == 1 ? "" : "es")}";
                }
                if (row.MustChangePassword)
                {
                    state += ", must change password";
                }
                context.Output.WriteLine($"{row.Email.PadRight(width)}  {row.Role,-8}  {state}");
            }
            return FlipFlowCli.Ok;
        });

        var resetEmail = new Argument<string>("email") { Description = "The user whose password to replace." };
        var reset = new Command("reset-password", "Give a user a new generated password, printed once; it also ends a lockout.") { resetEmail };
        reset.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var accounts = host.Services.GetRequiredService<IUserAdministration>();
            var user = await FindAsync(accounts, parsed.GetValue(resetEmail)!, cancellationToken);
            StartupBanner.WriteIssued(context.Output, await accounts.ResetPasswordAsync(user.Id, cancellationToken));
            return FlipFlowCli.Ok;
        });

        var unlockEmail = new Argument<string>("email") { Description = "The user to let sign in again." };
        var unlockJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var unlock = new Command("unlock", "End a user's lockout, for everyone and for every client address, keeping their password.") { unlockEmail, unlockJson };
        unlock.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var accounts = host.Services.GetRequiredService<IUserAdministration>();
            var user = await FindAsync(accounts, parsed.GetValue(unlockEmail)!, cancellationToken);
            var unlocked = await accounts.UnlockAsync(user.Id, cancellationToken);
            var row = new UnlockRow(unlocked.Email, user.IsLockedOut(host.Services.GetRequiredService<TimeProvider>().GetUtcNow()), user.LockedAddresses);
            if (parsed.GetValue(unlockJson))
            {
                context.WriteJson(row);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine(row.WasLockedOut || row.UnlockedAddresses > 0
                ? $"Unlocked {row.Email}: {(row.WasLockedOut ? "the lockout for everyone ended" : "it was not locked for everyone")}, "
                  + $"{row.UnlockedAddresses} client address{(row.UnlockedAddresses == 1 ? "" : "es")} may sign in again, and its failed sign-ins are forgotten."
                : $"{row.Email} was not locked out; its failed sign-ins are forgotten.");
            return FlipFlowCli.Ok;
        });

        return new Command("users", "Manage console users.") { add, list, reset, unlock };
    }

    private static async Task<UserAccount> FindAsync(IUserAdministration accounts, string email, CancellationToken cancellationToken)
    {
        var wanted = email.Trim();
        return (await accounts.ListAsync(cancellationToken))
            .FirstOrDefault(candidate => string.Equals(candidate.Email, wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new AccountRuleException($"No user has the email {wanted}.");
    }

    /// <summary>The JSON shape of <c>users unlock --json</c>: what was locked before; scripts rely on it, so only add to it.</summary>
    public sealed record UnlockRow(string Email, bool WasLockedOut, int UnlockedAddresses);

    /// <summary>The JSON shape of <c>users list --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record UserRow(
        string Email,
        string Role,
        bool Disabled,
        bool LockedOut,
        bool MustChangePassword,
        DateTimeOffset CreatedAt,
        DateTimeOffset? LastSignInAt,
        int LockedAddresses);
}

using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;

namespace FlipFlow.Web.Hosting;

/// <summary>The lines that hand a person a generated password: written once, to the console only.</summary>
public static class StartupBanner
{
    public static void WriteFirstAdmin(TextWriter writer, FirstAdmin admin)
    {
        writer.WriteLine();
        writer.WriteLine("=== FlipFlow: first start ===");
        if (admin.GeneratedPassword is { } password)
        {
            writer.WriteLine($"Sign in as {admin.Email} with the password: {password}");
            writer.WriteLine("It is shown only now and must be changed at first sign-in.");
        }
        else
        {
            writer.WriteLine($"Sign in as {admin.Email} with the password from {AccountBootstrapper.PasswordVariable}.");
        }
        writer.WriteLine();
        writer.Flush();
    }

    public static void WriteIssued(TextWriter writer, IssuedPassword issued)
    {
        writer.WriteLine($"{issued.User.Email} ({issued.User.Role}): {issued.Password}");
        writer.WriteLine("  Shown only now; it must be changed at first sign-in.");
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Security;

/// <summary>The Data Protection keys in the database: encrypted with a configured certificate, and said plainly when not.</summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("flipflow-keyring-").FullName;

    [Trait("Category", "Integration")]
    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_another_process_with_the_file_reads_them()
    {
        var settings = CertificateSettings(WriteCertificate("key-ring.pfx", "Pfx-Password-1"), "Pfx-Password-1");
        await using var app = await FlipFlowApp.StartAsync(settings: settings);
        var payload = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("marketplace secret");

        var stored = await StoredKeysAsync(app);
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
        Assert.Contains(app.Logs, line => line.Contains("encrypted with the certificate CN=FlipFlow key ring test", StringComparison.Ordinal));

        // A second process: no shared memory, no certificate store, only the database and the .pfx file.
        using var other = TestHost.Build(app.Database, settings: settings);
        Assert.Equal("marketplace secret", other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload));
    }

    [Fact]
    public async Task After_a_change_of_certificate_keys_encrypted_with_the_old_one_are_read_through_PreviousCertificates()
    {
        var old = WriteCertificate("old.pfx", "Old-Password-1");
        await using var app = await FlipFlowApp.StartAsync(settings: CertificateSettings(old, "Old-Password-1"));
        var payload = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("saved long ago");
        var database = app.Database;
        var replaced = CertificateSettings(WriteCertificate("new.pfx", "New-Password-1"), "New-Password-1");

        using (var withoutOld = TestHost.Build(database, settings: replaced))
        {
            Assert.ThrowsAny<CryptographicException>(() => withoutOld.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload));
        }
        replaced["DataProtection:PreviousCertificates:0:Path"] = old;
        replaced["DataProtection:PreviousCertificates:0:Password"] = "Old-Password-1";
        using var withOld = TestHost.Build(database, settings: replaced);
        Assert.Equal("saved long ago", withOld.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(payload));
    }

    [Fact]
    public async Task Without_a_certificate_a_start_logs_no_encryptor_warning_but_says_what_protects_the_keys()
    {
        await using var app = await FlipFlowApp.StartAsync();
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("anything");

        Assert.NotEmpty(await StoredKeysAsync(app));
        Assert.DoesNotContain(app.Logs, line => line.Contains("No XML encryptor", StringComparison.Ordinal));
        Assert.Contains(app.Logs, line => line.StartsWith("Information", StringComparison.Ordinal)
                                          && line.Contains("kept in the database unencrypted, guarded by the database's access control", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("wrong-password", "could not be read as a .pfx file with the password given")]
    [InlineData("missing", "there is no file at")]
    public async Task A_certificate_that_cannot_be_used_stops_the_start_with_a_message_naming_the_setting(string problem, string message)
    {
        var path = problem == "missing" ? Path.Combine(folder, "nowhere.pfx") : WriteCertificate("key-ring.pfx", "Pfx-Password-1");

        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = await FlipFlowApp.StartAsync(settings: CertificateSettings(path, "Not-The-Password"));
        });

        Assert.NotNull(failure);
        var text = failure.ToString();
        Assert.Contains("DataProtection:CertificatePath", text);
        Assert.Contains(message, text);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Dictionary<string, string?> CertificateSettings(string path, string password) => new()
    {
        ["DataProtection:CertificatePath"] = path,
        ["DataProtection:CertificatePassword"] = password,
    };

    private string WriteCertificate(string name, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=FlipFlow key ring test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static async Task<List<string>> StoredKeysAsync(FlipFlowApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        return await db.DataProtectionKeys.Select(key => key.Xml).ToListAsync();
    }
}

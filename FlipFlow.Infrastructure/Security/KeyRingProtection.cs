using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlipFlow.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Security;

/// <summary>
/// The <c>DataProtection</c> section: the certificate that encrypts Data Protection keys before they are stored in
/// the database. Without one the keys are stored as they are, and the database's access control is what protects
/// them (and with them sign-in cookies and stored marketplace credentials).
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A .pfx (PKCS#12) file with the certificate and its private key; relative paths start at the app's folder.</summary>
    public string CertificatePath { get; set; } = "";

    public string CertificatePassword { get; set; } = "";

    /// <summary>Certificates that encrypted keys earlier: still needed to read those keys after a certificate is replaced.</summary>
    public CertificateFile[] PreviousCertificates { get; set; } = [];

    public bool Encrypted => CertificatePath.Length > 0;
}

public sealed class CertificateFile
{
    public string Path { get; set; } = "";

    public string Password { get; set; } = "";
}

public static class KeyRingProtection
{
    /// <summary>The Data Protection component that warns, once per new key, that no encryptor is configured.</summary>
    public const string KeyManagerCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    /// <summary>
    /// Data Protection with its keys in the database (<see cref="DatabaseXmlRepository"/>), encrypted with the
    /// configured certificate. The certificates are read now, so a wrong path or password stops the start with a
    /// message instead of failing at the first sign-in.
    /// </summary>
    public static IServiceCollection AddFlipFlowDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        services.AddOptions<KeyRingOptions>().Bind(configuration.GetSection(KeyRingOptions.Section));
        var dataProtection = services.AddDataProtection().SetApplicationName("FlipFlow");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(keys =>
                keys.XmlRepository = new DatabaseXmlRepository(
                    provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FlipFlowDbContext>>())));
        string? protectedBy = null;
        if (options.Encrypted)
        {
            var folder = configuration[HostDefaults.ContentRootKey] is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();
            var current = Load($"{KeyRingOptions.Section}:CertificatePath", options.CertificatePath, options.CertificatePassword, folder);
            var previous = options.PreviousCertificates.Select((file, index) =>
                Load($"{KeyRingOptions.Section}:PreviousCertificates:{index}:Path", file.Path, file.Password, folder));
            dataProtection.ProtectKeysWithCertificate(current);
            // Decrypting with these files, not a certificate store: Linux has no machine store to find them in.
            dataProtection.UnprotectKeysWithAnyCertificate([current, .. previous]);
            protectedBy = $"{current.Subject} ({current.Thumbprint}, until {current.NotAfter:yyyy-MM-dd})";
        }
        else
        {
            // Storing keys unencrypted is the documented choice without a certificate (README, Data Protection keys),
            // said once at start by KeyRingNotice; the key manager's warning on every new key would only alarm.
            services.AddLogging(logging => logging.AddFilter(KeyManagerCategory, LogLevel.Error));
        }
        services.AddHostedService(provider => new KeyRingNotice(protectedBy, provider.GetRequiredService<ILogger<KeyRingNotice>>()));
        return services;
    }

    private static X509Certificate2 Load(string setting, string path, string password, string folder)
    {
        var fullPath = Path.GetFullPath(path, folder);
        if (!File.Exists(fullPath))
        {
            throw new InvalidOperationException($"{setting} is '{path}', but there is no file at {fullPath}. Give the path of a .pfx file with the certificate and its private key.");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(fullPath, password);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"{setting}: {fullPath} could not be read as a .pfx file with the password given ({exception.Message}). Check the file and its password setting.", exception);
        }
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException(
                $"{setting}: the certificate in {fullPath} ({certificate.Subject}) has no RSA private key; Data Protection needs one to encrypt and read its keys.");
        }
        return certificate;
    }
}

/// <summary>Says at start what protects the Data Protection keys stored in the database.</summary>
public sealed class KeyRingNotice(string? certificate, ILogger<KeyRingNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (certificate is null)
        {
            logger.LogInformation(
                "Data Protection keys (they protect sign-in cookies and stored marketplace credentials) are kept in the database unencrypted, "
                + "guarded by the database's access control; set {Setting} to encrypt them with a certificate (README, Data Protection keys)",
                $"{KeyRingOptions.Section}:CertificatePath");
        }
        else
        {
            logger.LogInformation("Data Protection keys are kept in the database encrypted with the certificate {Certificate}", certificate);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

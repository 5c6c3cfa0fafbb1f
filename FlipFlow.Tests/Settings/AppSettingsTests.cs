using FlipFlow.Tests.Support;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Offers;
using FlipFlow.Infrastructure.Security;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Infrastructure.Zombies;
using FlipFlow.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace FlipFlow.Tests.Settings;

/// <summary>
/// The README promises that FlipFlow.Web/appsettings.json lists every setting with its default; these tests hold
/// the file to that against the option classes' own defaults and the README's Configuration table.
/// </summary>
public sealed partial class AppSettingsTests
{
    private static readonly string RepositoryRoot = RepositoryFiles.Root;
    private static readonly string AppSettingsPath = Path.Combine(RepositoryRoot, "FlipFlow.Web", "appsettings.json");

    public static TheoryData<string, Type> OptionSections => new()
    {
        { FlipFlowOptions.Section, typeof(FlipFlowOptions) },
        { JobsOptions.Section, typeof(JobsOptions) },
        { MarketplaceOptions.Section, typeof(MarketplaceOptions) },
        { DemoMarketOptions.Section, typeof(DemoMarketOptions) },
        { OrchestrationOptions.Section, typeof(OrchestrationOptions) },
        { ZombieRules.SectionName, typeof(ZombieRules) },
        { ZombieAutoResurrectOptions.Section, typeof(ZombieAutoResurrectOptions) },
        { OffersOptions.Section, typeof(OffersOptions) },
        { FetchingOptions.Section, typeof(FetchingOptions) },
        { SignInProtectionOptions.Section, typeof(SignInProtectionOptions) },
        { TrustedProxyOptions.Section, typeof(TrustedProxyOptions) },
        { HttpsOptions.Section, typeof(HttpsOptions) },
        { KeyRingOptions.Section, typeof(KeyRingOptions) },
    };

    [Theory]
    [MemberData(nameof(OptionSections))]
    public void Appsettings_lists_every_setting_of_an_option_class_with_the_code_default(string section, Type optionsType)
    {
        var listed = ListedKeys();
        var bound = new ConfigurationBuilder().AddJsonFile(AppSettingsPath).Build().GetSection(section).Get(optionsType)
                    ?? Activator.CreateInstance(optionsType)!;

        var settings = Settings(section, Activator.CreateInstance(optionsType)!, bound).ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, setting =>
        {
            Assert.True(listed.Contains(setting.Key), $"appsettings.json does not list {setting.Key} (default {setting.Default ?? "null"}).");
            Assert.True(Equals(setting.Default, setting.Listed),
                $"appsettings.json gives {setting.Key} as {setting.Listed ?? "null"}, but its default in {optionsType.Name} is {setting.Default ?? "null"}.");
        });
    }

    [Fact]
    public void Appsettings_lists_every_setting_of_the_README_Configuration_table()
    {
        var listed = ListedKeys();

        var documented = DocumentedKeys().ToList();

        Assert.Contains("Zombies:AutoResurrect:DailyCap", documented);
        Assert.Contains("Marketplaces:Etsy:RequestsPerSecond", documented);
        Assert.All(documented, key => Assert.True(listed.Contains(key), $"README documents {key}, but appsettings.json does not list it."));
    }

    /// <summary>Each setting an option class binds, as its configuration key, its default in code and its value bound from appsettings.json.</summary>
    private static IEnumerable<(string Key, object? Default, object? Listed)> Settings(string prefix, object defaults, object bound)
    {
        foreach (var property in defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(property => property.CanRead && property.CanWrite && property.GetIndexParameters().Length == 0))
        {
            var key = $"{prefix}:{property.Name}";
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan))
            {
                yield return (key, property.GetValue(defaults), property.GetValue(bound));
            }
            else if (type.IsArray)
            {
                // A list setting: compared by its items, as appsettings.json writes them.
                yield return (key, Items(property.GetValue(defaults)), Items(property.GetValue(bound)));
            }
            else
            {
                foreach (var nested in Settings(key, property.GetValue(defaults)!, property.GetValue(bound)!))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string Items(object? array) =>
        array is System.Collections.IEnumerable items ? "[" + string.Join(", ", items.Cast<object>()) + "]" : "null";

    /// <summary>Every key appsettings.json has a value for (null included), as a configuration path; comments ("//...") left out.</summary>
    private static HashSet<string> ListedKeys()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(AppSettingsPath));
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Collect(json.RootElement, null);
        return keys;

        void Collect(JsonElement element, string? path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                keys.Add(path!);
                return;
            }
            foreach (var property in element.EnumerateObject().Where(property => !property.Name.StartsWith("//", StringComparison.Ordinal)))
            {
                Collect(property.Value, path is null ? property.Name : $"{path}:{property.Name}");
            }
        }
    }

    /// <summary>
    /// The settings named in the first column of the README's Configuration table, with "&lt;Demo|Ebay|Etsy&gt;"
    /// spelled out; environment variables, per-job settings (Jobs:&lt;id&gt;:...) and wildcards are not single keys.
    /// </summary>
    private static IEnumerable<string> DocumentedKeys()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var table = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", StringComparison.Ordinal)];
        foreach (var row in table.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            var setting = row[2..].Split(" | ")[0];
            if (setting.Contains("(environment)", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (Match name in Code().Matches(setting))
            {
                foreach (var key in Expand(name.Groups[1].Value.Replace("\\|", "|", StringComparison.Ordinal)))
                {
                    if (!key.Contains('*') && !key.Contains("<id>", StringComparison.Ordinal))
                    {
                        yield return key;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Expand(string key)
    {
        var choice = Alternatives().Match(key);
        if (!choice.Success)
        {
            return [key];
        }
        return choice.Groups[1].Value.Split('|')
            .SelectMany(option => Expand(key[..choice.Index] + option + key[(choice.Index + choice.Length)..]));
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex("<([^<>]*\\|[^<>]*)>")]
    private static partial Regex Alternatives();
}

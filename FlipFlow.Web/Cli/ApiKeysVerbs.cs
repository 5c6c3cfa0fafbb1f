using System.CommandLine;
using System.Globalization;
using FlipFlow.Domain.ApiKeys;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Security.ApiKeys;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>apikeys create --name &lt;name&gt; --role &lt;role&gt; [--json]</c>, <c>apikeys list [--json]</c>,
/// <c>apikeys revoke &lt;id-or-prefix&gt; [--json]</c>. The JSON shapes are the API's: <see cref="IssuedApiKey"/> and
/// <see cref="ApiKeySummary"/>.
/// </summary>
public static class ApiKeysVerbs
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string>("--name") { Description = $"Who or what uses the key, at most {ApiKeyRules.MaxNameLength} characters.", Required = true };
        var role = new Option<string>("--role") { Description = $"The key's rights: one of {string.Join(", ", Roles.All)}.", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var createJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var create = new Command("create", "Create an API key; its text is printed once and only its hash is kept.") { name, role, createJson };
        create.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var issued = await host.Services.GetRequiredService<ApiKeyAdministration>()
                .CreateAsync(parsed.GetValue(name), parsed.GetValue(role), RunBy(), cancellationToken);
            if (parsed.GetValue(createJson))
            {
                context.WriteJson(issued);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"Created API key {issued.Key.Id} '{issued.Key.Name}' ({issued.Key.Role}), prefix {issued.Key.Prefix}. Send it as:");
            context.Output.WriteLine($"  Authorization: Bearer {issued.Material}");
            context.Output.WriteLine($"  Shown only now; FlipFlow keeps only its hash. Revoke it with: apikeys revoke {issued.Key.Prefix}");
            return FlipFlowCli.Ok;
        });

        var listJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var list = new Command("list", "List API keys, revoked ones too, newest first; never their secrets.") { listJson };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var keys = await host.Services.GetRequiredService<ApiKeyAdministration>().ListAsync(cancellationToken);
            if (parsed.GetValue(listJson))
            {
                context.WriteJson(keys);
                return FlipFlowCli.Ok;
            }
            var width = Math.Max(4, keys.Select(key => key.Name.Length).DefaultIfEmpty(0).Max());
            context.Output.WriteLine($"{"Id",5}  {"Prefix",-8}  {"Role",-8}  {"Name".PadRight(width)}  {"Created (UTC)",-19}  {"Last used (UTC)",-19}  State");
            foreach (var key in keys)
            {
                var state = key.RevokedAt is { } revokedAt ? $"revoked {Time(revokedAt)} by {key.RevokedBy}" : "active";
                context.Output.WriteLine($"{key.Id,5}  {key.Prefix,-8}  {key.Role,-8}  {key.Name.PadRight(width)}  {Time(key.CreatedAt),-19}  {Time(key.LastUsedAt),-19}  {state}");
            }
            return FlipFlowCli.Ok;
        });

        var which = new Argument<string>("id-or-prefix") { Description = "The key's id or its prefix (the 8 characters after ff_)." };
        var revokeJson = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var revoke = new Command("revoke", "Revoke an API key: it authenticates no more. Revoking a revoked key changes nothing.") { which, revokeJson };
        revoke.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var wanted = parsed.GetValue(which)!;
            var key = await host.Services.GetRequiredService<ApiKeyAdministration>().RevokeAsync(wanted, RunBy(), cancellationToken)
                ?? throw new ApiKeyRuleException(new Dictionary<string, string[]> { ["id"] = [$"No API key has the id or prefix '{wanted}'."] });
            if (parsed.GetValue(revokeJson))
            {
                context.WriteJson(key);
                return FlipFlowCli.Ok;
            }
            context.Output.WriteLine($"API key {key.Id} '{key.Name}' ({key.Prefix}) is revoked since {Time(key.RevokedAt)} UTC, by {key.RevokedBy}.");
            return FlipFlowCli.Ok;
        });

        return new Command("apikeys", "Manage the keys scripts call the API with.") { create, list, revoke };
    }

    /// <summary>Who a key's record says created or revoked it from the command line: the operating-system account.</summary>
    private static string RunBy() => "cli:" + Environment.UserName;

    private static string Time(DateTimeOffset? time) =>
        time is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";
}

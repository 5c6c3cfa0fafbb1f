using System.CommandLine;
using FlipFlow.Domain.Alerts;
using FlipFlow.Infrastructure.Alerts;
using FlipFlow.Web.Features.Alerts;

namespace FlipFlow.Web.Cli;

/// <summary>
/// <c>alerts list [--json]</c> and <c>alerts channels list|add|enable|disable|remove|test</c>: the alert history, and the webhooks alerts go to.
/// </summary>
public static class AlertVerbs
{
    public static Command Create(CliContext context) =>
        new("alerts", "Alerts raised when something fails, and the webhooks they are sent to.")
        {
            List(context),
            new Command("channels", "The webhooks alerts are sent to.")
            {
                Channels(context), Add(context), Enable(context, true), Enable(context, false), Remove(context), Test(context),
            },
        };

    private static Option<bool> Json() => new("--json") { Description = "Write JSON for scripts." };

    private static Argument<long> Id() => new("id") { Description = "The channel's id (see 'alerts channels list')." };

    private static Command List(CliContext context)
    {
        var json = Json();
        var paging = new PageOptions("Alerts");
        var command = new Command("list", "The alerts raised, newest first, with how each was delivered.") { json, paging.Page, paging.Size };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var (page, size, skip) = paging.Read(parsed);
            var (alerts, total) = await host.Services.GetRequiredService<AlertHistory>().ListAsync(skip, size, cancellationToken: cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(new { total, page, pageSize = size, alerts });
                return FlipFlowCli.Ok;
            }
            foreach (var alert in alerts)
            {
                var deliveries = alert.Deliveries.Count == 0 ? "no channel" : string.Join(", ", alert.Deliveries.Select(delivery => $"{delivery.Channel} {delivery.Status}"));
                context.Output.WriteLine($"{alert.RaisedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} {alert.Kind}: {alert.Title} ({deliveries})");
            }
            context.Output.WriteLine($"{alerts.Count} of {total} alerts.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Channels(CliContext context)
    {
        var json = Json();
        var command = new Command("list", "The channels, by name, each with its webhook's host.") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var channels = (await host.Services.GetRequiredService<AlertChannels>().ListAsync(cancellationToken)).Select(AlertChannelView.From).ToList();
            if (parsed.GetValue(json))
            {
                context.WriteJson(channels);
                return FlipFlowCli.Ok;
            }
            foreach (var channel in channels)
            {
                context.Output.WriteLine($"{channel.Id} {channel.Name}: {channel.Format} to {channel.Host}, {(channel.Enabled ? "on" : "off")}");
            }
            context.Output.WriteLine($"{channels.Count} channel{(channels.Count == 1 ? "" : "s")}.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Add(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "The channel's name.", Required = true };
        var url = new Option<string>("--url") { Description = "The webhook's http or https address.", Required = true };
        var format = new Option<AlertFormat>("--format") { Description = "Discord, or Json for a plain JSON body.", DefaultValueFactory = _ => AlertFormat.Discord };
        var json = Json();
        var command = new Command("add", "Adds a webhook alerts are sent to from now on.") { name, url, format, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var channel = await host.Services.GetRequiredService<AlertChannels>()
                .AddAsync(parsed.GetValue(name)!, parsed.GetValue(url)!, parsed.GetValue(format), "cli:" + Environment.UserName, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(AlertChannelView.From(channel));
            }
            else
            {
                context.Output.WriteLine($"Channel {channel.Id} {channel.Name} added; 'alerts channels test {channel.Id}' checks it.");
            }
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Enable(CliContext context, bool on)
    {
        var id = Id();
        var command = new Command(on ? "enable" : "disable", on ? "Switches a channel on." : "Switches a channel off: no alert goes to it.") { id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var channel = await host.Services.GetRequiredService<AlertChannels>().SetEnabledAsync(parsed.GetValue(id), on, cancellationToken);
            context.Output.WriteLine($"Channel {channel.Name} is {(on ? "on" : "off")}.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var id = Id();
        var command = new Command("remove", "Removes a channel; its alerts stay in the history.") { id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            await host.Services.GetRequiredService<AlertChannels>().RemoveAsync(parsed.GetValue(id), cancellationToken);
            context.Output.WriteLine($"Channel {parsed.GetValue(id)} removed.");
            return FlipFlowCli.Ok;
        });
        return command;
    }

    private static Command Test(CliContext context)
    {
        var id = Id();
        var json = Json();
        var command = new Command("test", "Sends a test alert to the channel now; exits 1 when it did not arrive.") { id, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            var result = await host.Services.GetRequiredService<AlertChannels>().SendTestAsync(parsed.GetValue(id), "cli:" + Environment.UserName, cancellationToken);
            if (parsed.GetValue(json))
            {
                context.WriteJson(result);
            }
            else
            {
                context.Output.WriteLine(result.Sent ? "The test arrived." : $"The test did not arrive: {result.Error}");
            }
            return result.Sent ? FlipFlowCli.Ok : FlipFlowCli.Failed;
        });
        return command;
    }
}

using FlipFlow.Domain.Alerts;
using FlipFlow.Domain.Common;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Alerts;

/// <summary>A channel change refused, with the field it is about and why; <see cref="Refusal"/> says how an API answers it.</summary>
public sealed class AlertChannelException(string message, string? field = null, Refusal refusal = Refusal.Invalid) : Exception(message)
{
    public string? Field { get; } = field;
    public Refusal Refusal { get; } = refusal;
}

/// <summary>The webhooks alerts go to: listed, added, switched on and off, removed, and tested with a message sent at once.</summary>
public sealed class AlertChannels(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, AlertSender sender, TimeProvider clock)
{
    public async Task<IReadOnlyList<AlertChannel>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertChannels.AsNoTracking().OrderBy(channel => channel.Name).ToListAsync(cancellationToken);
    }

    /// <exception cref="AlertChannelException">The name is empty, too long or taken, or the address is not an absolute http or https URL.</exception>
    public async Task<AlertChannel> AddAsync(string name, string url, AlertFormat format, string by, CancellationToken cancellationToken = default)
    {
        var channel = new AlertChannel { Name = name.Trim(), Url = url.Trim(), Format = format, CreatedBy = by, CreatedAt = clock.GetUtcNow() };
        if (channel.Name.Length is 0 or > AlertChannel.NameMaxLength)
        {
            throw new AlertChannelException($"Name the channel, in at most {AlertChannel.NameMaxLength} characters.", "name");
        }
        if (channel.Url.Length > AlertChannel.UrlMaxLength || !Uri.TryCreate(channel.Url, UriKind.Absolute, out var address)
            || address.Scheme is not ("http" or "https"))
        {
            throw new AlertChannelException("The webhook must be an absolute http or https address, such as https://discord.com/api/webhooks/….", "url");
        }
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.AlertChannels.AnyAsync(other => other.Name == channel.Name, cancellationToken))
        {
            throw new AlertChannelException($"A channel is called \"{channel.Name}\" already.", "name", Refusal.Conflict);
        }
        db.AlertChannels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        return channel;
    }

    /// <exception cref="AlertChannelException">There is no such channel.</exception>
    public async Task<AlertChannel> SetEnabledAsync(long id, bool enabled, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await FindAsync(db, id, cancellationToken);
        channel.Enabled = enabled;
        await db.SaveChangesAsync(cancellationToken);
        return channel;
    }

    /// <summary>Removes the channel with its deliveries; the alerts stay in the history.</summary>
    /// <exception cref="AlertChannelException">There is no such channel.</exception>
    public async Task RemoveAsync(long id, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AlertChannels.Remove(await FindAsync(db, id, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Sends a test alert to the channel now and keeps it in the history with how its delivery went.</summary>
    /// <exception cref="AlertChannelException">There is no such channel.</exception>
    public async Task<AlertPostResult> SendTestAsync(long id, string by, CancellationToken cancellationToken = default)
    {
        AlertChannel channel;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            channel = await FindAsync(db, id, cancellationToken);
        }
        var now = clock.GetUtcNow();
        var alert = new Alert
        {
            Kind = AlertKind.Test, Cause = AlertCenter.Truncate($"test:{channel.Id}:{now.UtcTicks}", Alert.CauseMaxLength),
            Title = $"Test alert from FlipFlow to {channel.Name}", Detail = $"Sent by {by} to check the channel; nothing failed.", Link = "settings/alerts",
            RaisedAt = now,
        };
        var result = await sender.PostAsync(channel, alert, cancellationToken);
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var write = await contexts.CreateDbContextAsync(cancellationToken);
        write.Alerts.Add(alert);
        await write.SaveChangesAsync(cancellationToken);
        write.AlertDeliveries.Add(new AlertDelivery
        {
            AlertId = alert.Id, ChannelId = channel.Id, Attempts = 1, NextAttemptAt = now, LastError = result.Error,
            Status = result.Sent ? AlertDeliveryStatus.Sent : AlertDeliveryStatus.Failed, SentAt = result.Sent ? clock.GetUtcNow() : null,
        });
        await write.SaveChangesAsync(cancellationToken);
        return result;
    }

    private static async Task<AlertChannel> FindAsync(FlipFlowDbContext db, long id, CancellationToken cancellationToken) =>
        await db.AlertChannels.FirstOrDefaultAsync(channel => channel.Id == id, cancellationToken)
            ?? throw new AlertChannelException($"There is no alert channel {id}.", refusal: Refusal.NotFound);
}

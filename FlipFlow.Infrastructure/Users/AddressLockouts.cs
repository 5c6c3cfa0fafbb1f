using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Users;

/// <summary>The per-(account, client address) failure counts and lockouts of <see cref="SignInRules"/>.</summary>
public sealed class AddressLockouts(IDbContextFactory<FlipFlowDbContext> contexts, IOptions<SignInProtectionOptions> options, TimeProvider clock)
{
    public async Task<bool> IsLockedAsync(string userId, string address, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var row = await db.SignInFailures.AsNoTracking()
            .SingleOrDefaultAsync(failure => failure.UserId == userId && failure.ClientAddress == address, cancellationToken);
        return row is { LockedUntil: { } until } && until > now;
    }

    /// <summary>Counts one wrong password from the address; true when that locks the account for it.</summary>
    public async Task<bool> RecordFailureAsync(string userId, string address, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rules = options.Value.Rules;
        // Counts an attacker left behind from other addresses are dropped here, so the table holds only recent ones.
        var forgetBefore = now - rules.Lockout;
        await db.SignInFailures
            .Where(failure => failure.UserId == userId && failure.ClientAddress != address
                              && failure.LastFailureAt < forgetBefore && (failure.LockedUntil == null || failure.LockedUntil < now))
            .ExecuteDeleteAsync(cancellationToken);
        var row = await db.SignInFailures
            .SingleOrDefaultAsync(failure => failure.UserId == userId && failure.ClientAddress == address, cancellationToken);
        var after = rules.AfterFailure(row is null ? null : new AddressFailures(row.Failures, row.LastFailureAt, row.LockedUntil), now);
        if (row is null)
        {
            row = new SignInFailure { UserId = userId, ClientAddress = address };
            db.SignInFailures.Add(row);
        }
        row.Failures = after.Failures;
        row.LastFailureAt = after.LastFailureAt;
        row.LockedUntil = after.LockedUntil;
        await db.SaveChangesAsync(cancellationToken);
        return after.IsLocked(now);
    }

    /// <summary>Forgets the address's failures: the right password came from it.</summary>
    public async Task ClearAsync(string userId, string address, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.SignInFailures.Where(failure => failure.UserId == userId && failure.ClientAddress == address).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Forgets the failures of every address: an Admin or the shell unlocked the account.</summary>
    public async Task ClearAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.SignInFailures.Where(failure => failure.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>For each user with at least one, how many addresses are locked out of the account now.</summary>
    public async Task<IReadOnlyDictionary<string, int>> LockedAddressesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await db.SignInFailures
            .Where(failure => failure.LockedUntil != null && failure.LockedUntil > now)
            .GroupBy(failure => failure.UserId)
            .Select(group => new { UserId = group.Key, Count = group.Count() })
            .ToDictionaryAsync(row => row.UserId, row => row.Count, cancellationToken);
    }
}

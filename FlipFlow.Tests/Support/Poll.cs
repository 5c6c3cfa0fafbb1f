namespace FlipFlow.Tests.Support;

/// <summary>
/// Waiting for something another thread or process does: asks every <c>every</c> until it holds, and fails with
/// what was awaited (and, from <c>detail</c>, what was found instead) once <c>within</c> has passed.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan within, string what, Func<Task<string>>? detail = null,
        TimeSpan? every = null) where T : class
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                var seen = detail is null ? "" : $"\n{await detail()}";
                throw new TimeoutException($"Waited {within.TotalSeconds} s for {what}.{seen}");
            }
            await Task.Delay(every ?? DefaultInterval);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what, Func<Task<string>>? detail = null, TimeSpan? every = null) =>
        UntilAsync(async () => await condition() ? (object?)true : null, within, what, detail, every);
}

using FlipFlow.Domain.RunLog;

namespace FlipFlow.Tests.RunLog;

public sealed class DataRunsTests
{
    [Theory]
    [InlineData(false, 0, 0, DataRunStatus.Running)]
    [InlineData(false, 10, 2, DataRunStatus.Running)]
    [InlineData(true, 10, 0, DataRunStatus.Succeeded)]
    [InlineData(true, 0, 0, DataRunStatus.Succeeded)]
    [InlineData(true, 10, 1, DataRunStatus.Partial)]
    [InlineData(true, 0, 1, DataRunStatus.Failed)]
    public void A_market_scan_failed_only_when_it_read_nothing_and_had_errors(bool finished, int seen, int errors, DataRunStatus status) =>
        Assert.Equal(status, DataRuns.OfScan(finished, seen, errors));
}

using FlipFlow.Domain.Skus;

namespace FlipFlow.Tests.Skus;

public sealed class SkuMappingFilterTests
{
    [Theory]
    [InlineData(null, null, "")]
    [InlineData(0.0, 1.0, "")]
    [InlineData(0.5, 0.5, "")]
    [InlineData(0.2, null, "")]
    [InlineData(null, 0.8, "")]
    [InlineData(-0.1, null, "minConfidence: The lowest confidence is -0.1; give a number from 0 to 1.")]
    [InlineData(null, 1.5, "maxConfidence: The highest confidence is 1.5; give a number from 0 to 1.")]
    [InlineData(double.NaN, null, "minConfidence: The lowest confidence is NaN; give a number from 0 to 1.")]
    [InlineData(2.0, -1.0, "minConfidence: The lowest confidence is 2; give a number from 0 to 1.|maxConfidence: The highest confidence is -1; give a number from 0 to 1.")]
    [InlineData(0.9, 0.4, "minConfidence: The lowest confidence, 0.9, is above the highest, 0.4.")]
    public void A_confidence_range_is_two_inclusive_bounds_from_0_to_1_in_order(double? min, double? max, string expected)
    {
        var problems = new SkuMappingFilter(MinConfidence: min, MaxConfidence: max).Problems();
        Assert.Equal(expected, string.Join("|", problems.Select(problem => $"{problem.Field}: {problem.Message}")));
    }
}

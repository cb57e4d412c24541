using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Core.Tests;

public class SequenceNumbersTests
{
    [Theory]
    [InlineData(2u, 1u, true)]
    [InlineData(1u, 2u, false)]
    [InlineData(5u, uint.MaxValue - 5, true)]
    [InlineData(uint.MaxValue - 5, 5u, false)]
    [InlineData(7u, 7u, false)]
    public void GreaterThan_WrapsAround(uint x, uint y, bool expected) =>
        Assert.Equal(expected, SequenceNumbers.GreaterThan(x, y));

    [Fact]
    public void LessOrEqual_IsTrueForEqualValues() => Assert.True(SequenceNumbers.LessOrEqual(42, 42));
}

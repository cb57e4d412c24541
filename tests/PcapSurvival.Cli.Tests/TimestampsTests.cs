using System.Globalization;
using PcapSurvival.Reporting;

namespace PcapSurvival.Cli.Tests;

public class TimestampsTests
{
    [Theory]
    [InlineData(0L, 9, "1970-01-01T00:00:00.000000000Z")]
    [InlineData(1_764_121_317_123_456_789L, 6, "2025-11-26T01:41:57.123456Z")]
    [InlineData(-1L, 3, "1969-12-31T23:59:59.999Z")]
    [InlineData(951_782_400_000_000_000L, 0, "2000-02-29T00:00:00Z")]
    [InlineData(long.MaxValue, 0, "2262-04-11T23:47:16Z")]
    [InlineData(long.MinValue, 0, "1677-09-21T00:12:43Z")]
    public void FormatIso_WritesUtcWithTheCapturesPrecision(long ns, int digits, string expected)
    {
        Assert.Equal(expected, Timestamps.Iso(ns, digits));
    }

    [Fact]
    public void FormatIso_AgreesWithDateTime_OverFourCenturies()
    {
        var random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            long seconds = random.NextInt64(-9_000_000_000L, 9_000_000_000L);
            string expected = DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            Assert.Equal(expected, Timestamps.Iso(seconds * 1_000_000_000L, 0));
        }
    }
}

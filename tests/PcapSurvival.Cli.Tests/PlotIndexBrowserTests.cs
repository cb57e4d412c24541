using PcapSurvival.Testing;
using SkiaSharp;

namespace PcapSurvival.Cli.Tests;

/// <summary>index.html of --plot, opened from disk by a real browser (headless Chromium), with no server.</summary>
public class PlotIndexBrowserTests
{
    [Fact]
    public void Index_OpenedInHeadlessChromium_ShowsTheTimelineAndGraphs()
    {
        string? chromium = new[] { "chromium", "chromium-browser" }.FirstOrDefault(Tools.Exists);
        Assert.SkipWhen(chromium is null, "needs Chromium to take the screenshot (apt-get install chromium); CI installs it");
        using var dir = new TempDirectory();
        var (exit, _, stderr) = CliRun.Run("analyze", "--plot", dir.File("plots"), CliRun.ShippedCapture("ssh-survived-link.pcap"));
        Assert.True(exit == 0, stderr);
        string screenshot = dir.File("screenshot.png");

        Tools.Run(chromium!,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.File("profile"),
            "--window-size=1280,1600", "--screenshot=" + screenshot, new Uri(dir.File(Path.Combine("plots", "index.html"))).AbsoluteUri,
        ], timeoutMs: 120_000);

        using var image = SKBitmap.Decode(screenshot);
        Assert.NotNull(image);
        long ink = 0, outageShade = 0;
        foreach (var pixel in image.Pixels)
        {
            ink += pixel.Red < 200 || pixel.Green < 200 || pixel.Blue < 200 ? 1 : 0;

            // The outage's band: light vermillion over white (the graph's and the timeline's reds are both warm).
            outageShade += pixel.Red > pixel.Blue + 20 && pixel.Red > 200 ? 1 : 0;
        }

        long pixels = (long)image.Width * image.Height;
        Assert.True(ink > pixels / 50, $"only {ink} of {pixels} pixels are not white: the page is blank");
        Assert.True(outageShade > 1000, $"only {outageShade} warm pixels: no outage band is shown");
    }
}

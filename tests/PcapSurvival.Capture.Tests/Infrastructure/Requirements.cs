using System.Reflection;

namespace PcapSurvival.Capture.Tests.Infrastructure;

/// <summary>What the live tests need from the machine; each one skips, saying what is missing, rather than pass silently.</summary>
internal static class Requirements
{
    private static readonly Lazy<bool> LibpcapPresent = new(() =>
    {
        try
        {
            CaptureInterfaces.List();
            return true;
        }
        catch (LibpcapMissingException)
        {
            return false;
        }
    });

    public static string CliDll { get; } = typeof(Requirements).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PcapSurvivalCli").Value!;

    public static string Dotnet { get; } = FindDotnet();

    /// <summary>libpcap is installed (live capture, interface listing and BPF need it).</summary>
    public static void Libpcap() =>
        Assert.SkipUnless(LibpcapPresent.Value, "needs libpcap (libpcap0.8 on Debian/Ubuntu): not installed");

    /// <summary>Root, iproute2 and libpcap: the tests build network namespaces joined by veth pairs and capture in them.</summary>
    public static void NetworkLab()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root: it creates network namespaces and captures packets");
        Tool("ip", "iproute2");
        Assert.SkipUnless(Directory.Exists("/run/netns") || CanCreate("/run/netns"), "needs /run/netns for network namespaces");
        Libpcap();
    }

    public static void Tool(string name, string package) =>
        Assert.SkipUnless(FindOnPath(name) is not null, $"needs {name} (Debian package {package}): not on PATH");

    public static string? FindOnPath(string name)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"]))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool CanCreate(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return FindOnPath("dotnet") ?? "/usr/share/dotnet/dotnet";
    }
}

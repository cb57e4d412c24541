using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace PcapSurvival.Capture.Tests.Infrastructure;

/// <summary>
/// Network namespaces joined by veth pairs, with names unique to this test, torn down by name in Dispose (also
/// after a failure), after every process the lab started has been killed by its pid. IPv6 is off and neighbours
/// are static where possible, so the only packets on the wire are the ones the test makes.
/// </summary>
internal sealed class NetworkLab : IDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly List<ChildProcess> _processes = [];

    private NetworkLab()
    {
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    }

    public string Id { get; }

    /// <summary>The client side: where the capture runs.</summary>
    public string Client { get; private set; } = "";

    public string Server { get; private set; } = "";

    /// <summary>Only in <see cref="Routed"/>: the namespace between the two.</summary>
    public string? Router { get; private set; }

    /// <summary>The client's interface (in <see cref="Client"/>): what tests capture on.</summary>
    public string ClientInterface { get; private set; } = "";

    public string ServerInterface { get; private set; } = "";

    /// <summary>Only in <see cref="Routed"/>: the router's interface towards the server.</summary>
    public string? RouterServerInterface { get; private set; }

    public IPAddress ClientAddress { get; private set; } = IPAddress.None;

    public IPAddress ServerAddress { get; private set; } = IPAddress.None;

    /// <summary>Two namespaces and one veth pair, 10.231.1.1 (client) and .2 (server), static ARP.</summary>
    public static NetworkLab Pair()
    {
        var lab = new NetworkLab();
        try
        {
            lab.Client = lab.AddNamespace("c");
            lab.Server = lab.AddNamespace("s");
            lab.ClientInterface = $"pc{lab.Id}c";
            lab.ServerInterface = $"pc{lab.Id}s";
            lab.ClientAddress = IPAddress.Parse("10.231.1.1");
            lab.ServerAddress = IPAddress.Parse("10.231.1.2");
            Link(lab.Client, lab.ClientInterface, "02:00:0a:e7:01:01", lab.Server, lab.ServerInterface, "02:00:0a:e7:01:02");
            Address(lab.Client, lab.ClientInterface, "10.231.1.1/24");
            Address(lab.Server, lab.ServerInterface, "10.231.1.2/24");
            Ip("-n", lab.Client, "neigh", "replace", "10.231.1.2", "lladdr", "02:00:0a:e7:01:02", "dev", lab.ClientInterface, "nud", "permanent");
            Ip("-n", lab.Server, "neigh", "replace", "10.231.1.1", "lladdr", "02:00:0a:e7:01:01", "dev", lab.ServerInterface, "nud", "permanent");
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Client, router and server namespaces (lab-notes: with a single veth pair a down link drops packets before the
    /// capture tap). The router has a blackhole route to the server's subnet, so while its server-side link is down
    /// the client's packets vanish silently, as they do when a cable is pulled, instead of drawing ICMP errors.
    /// </summary>
    public static NetworkLab Routed()
    {
        var lab = new NetworkLab();
        try
        {
            lab.Client = lab.AddNamespace("c");
            lab.Router = lab.AddNamespace("r");
            lab.Server = lab.AddNamespace("s");
            lab.ClientInterface = $"pc{lab.Id}c";
            lab.ServerInterface = $"pc{lab.Id}s";
            lab.RouterServerInterface = $"pc{lab.Id}rs";
            string routerClient = $"pc{lab.Id}rc";
            lab.ClientAddress = IPAddress.Parse("10.231.1.2");
            lab.ServerAddress = IPAddress.Parse("10.231.2.2");
            Link(lab.Client, lab.ClientInterface, "02:00:0a:e7:01:02", lab.Router, routerClient, "02:00:0a:e7:01:01");
            Link(lab.Router, lab.RouterServerInterface, "02:00:0a:e7:02:01", lab.Server, lab.ServerInterface, "02:00:0a:e7:02:02");
            Address(lab.Client, lab.ClientInterface, "10.231.1.2/24");
            Address(lab.Router, routerClient, "10.231.1.1/24");
            Address(lab.Router, lab.RouterServerInterface, "10.231.2.1/24");
            Address(lab.Server, lab.ServerInterface, "10.231.2.2/24");
            Ip("-n", lab.Client, "route", "add", "default", "via", "10.231.1.1");
            Ip("-n", lab.Server, "route", "add", "default", "via", "10.231.2.1");
            Ip("-n", lab.Router, "route", "add", "blackhole", "10.231.2.0/24", "metric", "100");
            Exec(lab.Router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    public static void SetLink(string ns, string device, bool up) => Ip("-n", ns, "link", "set", device, up ? "up" : "down");

    /// <summary>Starts a program inside a namespace (ip netns exec execs it, so the pid is the program's own).</summary>
    public ChildProcess Start(string ns, string program, params string[] arguments)
    {
        var child = ChildProcess.Start(Requirements.FindOnPath("ip") ?? "ip", ["netns", "exec", ns, program, .. arguments]);
        _processes.Add(child);
        return child;
    }

    /// <summary>Runs pcapsurvival (dotnet pcapsurvival.dll) inside a namespace.</summary>
    public ChildProcess StartCli(string ns, params string[] arguments) => Start(ns, Requirements.Dotnet, [Requirements.CliDll, .. arguments]);

    /// <summary>Runs pcapsurvival inside a namespace as nobody (uid and gid 65534, no groups, no capabilities).</summary>
    public ChildProcess StartCliUnprivileged(string ns, string cliDll, params string[] arguments) =>
        Start(ns, Requirements.FindOnPath("setpriv") ?? "setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", Requirements.Dotnet, cliDll, .. arguments]);

    /// <summary>Runs a command inside a namespace to completion.</summary>
    public static void Exec(string ns, params string[] command) => Ip(["netns", "exec", ns, .. command]);

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        foreach (string ns in Enumerable.Reverse(_namespaces))
        {
            // Deleting a namespace deletes the veth ends inside it, and so their peers.
            TryRun("ip", "netns", "del", ns);
        }
    }

    private string AddNamespace(string role)
    {
        string name = $"pcs-{Id}-{role}";
        Ip("netns", "add", name);
        _namespaces.Add(name);
        Exec(name, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        Ip("-n", name, "link", "set", "lo", "up");
        return name;
    }

    private static void Link(string nsA, string devA, string macA, string nsB, string devB, string macB)
    {
        Ip("link", "add", devA, "netns", nsA, "address", macA, "type", "veth", "peer", "name", devB, "netns", nsB, "address", macB);
        SetLink(nsA, devA, up: true);
        SetLink(nsB, devB, up: true);
    }

    private static void Address(string ns, string device, string cidr) => Ip("-n", ns, "addr", "add", cidr, "dev", device);

    private static void Ip(params string[] arguments)
    {
        var (code, output) = Run(Requirements.FindOnPath("ip") ?? "ip", arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({code}): {output}");
        }
    }

    private static void TryRun(string program, params string[] arguments)
    {
        try
        {
            Run(Requirements.FindOnPath(program) ?? program, arguments);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Best effort: the namespace may never have been made.
        }
    }

    private static (int Code, string Output) Run(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} hung");
        }

        return (process.ExitCode, output.Trim());
    }
}

using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Text;

namespace GenerateTrace;

/// <summary>
/// Starts connections at random (a Poisson process) over the capture's duration. A few client hosts open them
/// from ephemeral ports taken in turn, as Linux does, so the same ports come back after a few minutes; servers
/// each have their own round-trip time and service port.
/// </summary>
internal static class TraceGenerator
{
    private const int FirstEphemeralPort = 32768;
    private const int LastEphemeralPort = 60999;
    private const long TimeWaitNs = 60_000_000_000;

    private static readonly (ConnectionKind Kind, double Share)[] Mix =
    [
        (ConnectionKind.Refused, 0.03),
        (ConnectionKind.Unanswered, 0.01),
        (ConnectionKind.ResetMidway, 0.04),
        (ConnectionKind.RequestRetransmission, 0.03),
        (ConnectionKind.LostResponseSegment, 0.04),
    ];

    // TLS services: random payload bytes then look like encrypted records to Wireshark, not broken plain-text protocols.
    private static readonly ushort[] ServicePorts = [443, 443, 8443, 443, 993, 443, 443, 8443];

    public static string Run(Settings settings)
    {
#pragma warning disable CA5394 // Not security: a seeded generator makes the benchmark trace reproducible.
        var random = new Random(settings.Seed);
        var router = PhysicalAddress.Parse("02-00-5E-00-01-FE");
        var clients = Enumerable.Range(0, settings.Clients).Select(i => new Host(
            PhysicalAddress.Parse($"02-00-5E-00-02-{i:X2}"),
            new IPAddress([198, 18, (byte)(i / 200), (byte)(10 + (i % 200))]),
            FirstEphemeralPort + (2 * random.Next((LastEphemeralPort - FirstEphemeralPort) / 2)),
            0,
            0)).ToArray();
        var servers = Enumerable.Range(0, settings.Servers).Select(i => new Host(
            router,
            new IPAddress([198, 19, (byte)(i / 200), (byte)(10 + (i % 200))]),
            ServicePorts[i % ServicePorts.Length],
            // Round-trip times from a LAN's fraction of a millisecond to an intercontinental 150 ms.
            (long)(Math.Exp(Math.Log(0.3) + (random.NextDouble() * Math.Log(500))) * 1_000_000),
            (byte)(64 - 3 - random.Next(20)))).ToArray();
        // Until when each (client, server, port) 4-tuple is in use or in TIME_WAIT.
        var busyUntil = new Dictionary<long, long>();
        var seenTuples = new HashSet<long>();
        var kinds = new long[Enum.GetValues<ConnectionKind>().Length];
        long reusedTuples = 0;
        long maxEnd = 0;

        string? directory = Path.GetDirectoryName(Path.GetFullPath(settings.Out));
        Directory.CreateDirectory(directory!);
        var stream = new FileStream(settings.Out, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using var writer = new PcapWriter(stream, settings.SnapLength, settings.Nanoseconds);
        var queue = new FrameQueue(writer);
        long startNs = settings.StartUnixSeconds * 1_000_000_000L;
        double meanGapNs = settings.DurationSeconds * 1e9 / settings.Connections;
        long t = startNs;
        for (int n = 0; n < settings.Connections; n++)
        {
            t += (long)(-Math.Log(1 - random.NextDouble()) * meanGapNs);
            queue.WriteBefore(t);

            int c = random.Next(clients.Length);
            var client = clients[c];
            int s = random.Next(servers.Length);
            var server = servers[s];
            int port = client.NextPort;
            long tuple = Tuple(c, s, port);
            for (int tries = 0; busyUntil.GetValueOrDefault(tuple) > t; tries++)
            {
                if (tries > (LastEphemeralPort - FirstEphemeralPort) / 2)
                {
                    throw new ArgumentException(
                        $"client {c} has no free ephemeral port for server {s} at {(t - startNs) / 1e9:F1} s: use more --clients or --servers, or a longer --duration");
                }

                port = NextEphemeral(port);
                tuple = Tuple(c, s, port);
            }

            client.NextPort = NextEphemeral(port);
            if (!seenTuples.Add(tuple))
            {
                reusedTuples++;
            }

            var kind = PickKind(random);
            kinds[(int)kind]++;
            long rtt = (long)(server.RttNs * (0.95 + (0.1 * random.NextDouble())));
            var connection = new Connection(
                random,
                queue,
                new Endpoint
                {
                    Mac = client.Mac, Address = client.Address, Port = (ushort)port, Ttl = 64, Window = 502, SynWindow = 64240,
                    Seq = (uint)random.NextInt64(uint.MaxValue), IpId = (ushort)random.Next(65536), TsOffset = (uint)random.NextInt64(uint.MaxValue),
                },
                new Endpoint
                {
                    Mac = server.Mac, Address = server.Address, Port = (ushort)server.Port, Ttl = server.Ttl, Window = 509, SynWindow = 65160,
                    Seq = (uint)random.NextInt64(uint.MaxValue), IpId = (ushort)random.Next(65536), TsOffset = (uint)random.NextInt64(uint.MaxValue),
                },
                rtt);
            connection.Run(kind, t);
            busyUntil[tuple] = connection.End + TimeWaitNs;
            maxEnd = Math.Max(maxEnd, connection.End);
        }
#pragma warning restore CA5394

        queue.WriteAll();
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{settings.Out}: {writer.Packets:N0} packets, {settings.Connections:N0} TCP connections over {(maxEnd - startNs) / 1e9:F1} s (seed {settings.Seed})");
        foreach (var kind in Enum.GetValues<ConnectionKind>())
        {
            text.AppendLine(inv, $"  {kind,-22} {kinds[(int)kind],8:N0}");
        }

        text.AppendLine(inv, $"  4-tuples reused by a later connection: {reusedTuples:N0}; clients {settings.Clients}, servers {settings.Servers}");
        text.Append(inv, $"  peak frames waiting in the time-order queue: {queue.PeakCount:N0}");
        return text.ToString();
    }

    private static ConnectionKind PickKind(Random random)
    {
#pragma warning disable CA5394
        double p = random.NextDouble();
#pragma warning restore CA5394
        foreach (var (kind, share) in Mix)
        {
            if (p < share)
            {
                return kind;
            }

            p -= share;
        }

        return ConnectionKind.Normal;
    }

    private static long Tuple(int client, int server, int port) => ((long)client << 40) | ((long)server << 20) | (uint)port;

    // Linux hands out connect() ports two apart; after the last one it starts over.
    private static int NextEphemeral(int port) => port + 2 > LastEphemeralPort ? FirstEphemeralPort : port + 2;

    private sealed class Host(PhysicalAddress mac, IPAddress address, int port, long rttNs, byte ttl)
    {
        public PhysicalAddress Mac { get; } = mac;
        public IPAddress Address { get; } = address;

        /// <summary>For clients, the next ephemeral port; for servers, the service port.</summary>
        public int Port { get; } = port;
        public int NextPort { get; set; } = port;
        public long RttNs { get; } = rttNs;
        public byte Ttl { get; } = ttl;
    }
}

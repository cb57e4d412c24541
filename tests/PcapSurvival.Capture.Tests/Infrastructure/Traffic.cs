using System.Net;
using System.Net.Sockets;

namespace PcapSurvival.Capture.Tests.Infrastructure;

/// <summary>
/// TCP traffic made by the test process itself, inside the lab's namespaces: a thread enters the namespace
/// (setns) just long enough to create the socket, and a socket stays in the namespace it was created in.
/// </summary>
internal static class Traffic
{
    public static Socket CreateSocket(string ns)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                Native.EnterNetworkNamespace(ns);
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"cannot create a socket in {ns}", error);
    }

    public static Socket Connect(string ns, IPAddress address, int port)
    {
        var socket = CreateSocket(ns);
        try
        {
            socket.NoDelay = true;
            socket.Connect(address, port);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A mixed, deterministic workload: request/response, a bulk transfer, a refused and a short connection.</summary>
    public static void Exchange(NetworkLab lab, int port)
    {
        using (var client = Connect(lab.Client, lab.ServerAddress, port))
        {
            var message = new byte[1000];
            var reply = new byte[1000];
            for (int i = 0; i < 50; i++)
            {
                message.AsSpan().Fill((byte)i);
                client.Send(message);
                int got = 0;
                while (got < reply.Length)
                {
                    got += client.Receive(reply, got, reply.Length - got, SocketFlags.None);
                }

                Thread.Sleep(5);
            }

            var bulk = new byte[256 * 1024];
            client.Send(bulk);
            client.Shutdown(SocketShutdown.Send);
            var sink = new byte[65536];
            while (client.Receive(sink) > 0)
            {
            }
        }

        try
        {
            using var refused = Connect(lab.Client, lab.ServerAddress, port + 1);
        }
        catch (SocketException)
        {
            // Expected: nothing listens there, the SYN is answered by a RST.
        }

        using (var brief = Connect(lab.Client, lab.ServerAddress, port))
        {
            brief.Send("hello\n"u8.ToArray());
            brief.Shutdown(SocketShutdown.Send);
            var sink = new byte[4096];
            while (brief.Receive(sink) > 0)
            {
            }
        }
    }
}

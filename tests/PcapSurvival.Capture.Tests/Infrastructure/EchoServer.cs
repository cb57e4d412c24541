using System.Net;
using System.Net.Sockets;

namespace PcapSurvival.Capture.Tests.Infrastructure;

/// <summary>A TCP server in a namespace that echoes (or only reads) whatever each connection sends, until EOF.</summary>
internal sealed class EchoServer : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _connections = [];
    private readonly bool _echo;
    private volatile bool _stopped;

    public EchoServer(string ns, IPAddress address, int port, bool echo = true)
    {
        _echo = echo;
        _listener = Traffic.CreateSocket(ns);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(new IPEndPoint(address, port));
        _listener.Listen(16);
        new Thread(Accept) { IsBackground = true, Name = "echo accept" }.Start();
    }

    public void Dispose()
    {
        _stopped = true;
        _listener.Dispose();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }
    }

    private void Accept()
    {
        while (!_stopped)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(connection);
            }

            new Thread(() => Serve(connection)) { IsBackground = true, Name = "echo connection" }.Start();
        }
    }

    private void Serve(Socket connection)
    {
        var buffer = new byte[65536];
        try
        {
            int n;
            while ((n = connection.Receive(buffer)) > 0)
            {
                if (_echo)
                {
                    connection.Send(buffer, n, SocketFlags.None);
                }
            }

            connection.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The test closed it.
        }
    }
}

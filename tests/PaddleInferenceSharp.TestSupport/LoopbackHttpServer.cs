using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PaddleInferenceSharp.TestSupport;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) standing in for a remote host in URL-input tests: it serves the
/// files registered with <see cref="Serve"/>, answers 404 otherwise, can hold a request without answering
/// (<see cref="Hang"/>), and counts the connections it accepted, so that a test can show none was made.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hanging = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    /// <summary>Starts listening.</summary>
    public LoopbackHttpServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/> (e.g. <c>/img/a.png</c>).</summary>
    public LoopbackHttpServer Serve(string path, byte[] body)
    {
        lock (_files)
        {
            _files[path] = body;
        }

        return this;
    }

    /// <summary>Requests for <paramref name="path"/> are read and never answered.</summary>
    public LoopbackHttpServer Hang(string path)
    {
        lock (_files)
        {
            _hanging.Add(path);
        }

        return this;
    }

    /// <summary>Stops listening and drops open connections.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var path = head.Split(' ', 3) is [_, var target, _] ? target.Split('?', 2)[0] : "/";
                byte[]? body;
                bool hang;
                lock (_files)
                {
                    hang = _hanging.Contains(path);
                    _files.TryGetValue(path, out body);
                }

                if (hang)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                var status = body is null ? "404 Not Found" : "200 OK";
                body ??= "not found"u8.ToArray();
                var header = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(header, _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
        }
    }

    // The request line and headers, up to the blank line (GET requests have no body).
    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        while (received.Count < 64 * 1024)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, read));
            if (Encoding.ASCII.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        return Encoding.ASCII.GetString([.. received]);
    }
}

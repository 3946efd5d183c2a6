using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PosAuth.Sync.Tests.Fleet;

/// <summary>What the proxy does with one exchange, always AFTER the back office has answered (so it has committed).</summary>
public enum Fault
{
    /// <summary>The answer is passed on.</summary>
    None,

    /// <summary>The answer is thrown away and the lane's connection is reset (TCP RST) before a byte of it leaves.</summary>
    ResetBeforeAnswer,

    /// <summary>Half of the answer's bytes reach the lane, then the connection is reset.</summary>
    CutMidAnswer,

    /// <summary>The lane's connection is closed gracefully (FIN) instead of answering.</summary>
    CloseBeforeAnswer,
}

/// <summary>One request as the proxy saw it on the wire.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path (with query).</param>
/// <param name="Body">The request body.</param>
public sealed record ProxiedRequest(string Method, string Path, byte[] Body)
{
    /// <summary>The last path segment without the query (<c>charges</c>, <c>refunds</c>, <c>pin-changes</c>, <c>audit</c>, <c>directory</c>).</summary>
    public string Endpoint => Path.Split('?')[0].Split('/')[^1];

    /// <summary>The body as text (the lane protocol's bodies are JSON).</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A loopback TCP proxy between lanes and the back office that understands just enough HTTP/1.1 to find where each request
/// and each answer ends. Every request is forwarded whole to the back office and its whole answer is read back; only then
/// does <see cref="Decide"/> choose what the lane gets: the answer, nothing (reset or closed), or half of it. So every fault
/// it injects is a lost acknowledgement of a request the server has already handled and committed.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;

    private FaultProxy(IPEndPoint upstream)
    {
        _upstream = upstream;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    /// <summary>Starts a proxy on a free loopback port in front of <paramref name="upstream"/>.</summary>
    public static FaultProxy Start(Uri upstream) => new(new IPEndPoint(IPAddress.Loopback, upstream.Port));

    /// <summary>The address lanes use.</summary>
    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Chooses the fault for each exchange (the default passes everything). Called concurrently: make it thread-safe.</summary>
    public Func<ProxiedRequest, Fault> Decide { get; set; } = _ => Fault.None;

    /// <summary>Exchanges the back office answered, by endpoint.</summary>
    public ConcurrentDictionary<string, int> Answered { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers lost on purpose (after the back office committed), by endpoint.</summary>
    public ConcurrentDictionary<string, int> Lost { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request forwarded, in arrival order per connection (for assertions on request ids).</summary>
    public ConcurrentQueue<ProxiedRequest> Seen { get; } = new();

    /// <summary>A decision by a seeded random rate for the given endpoints (deterministic for a given seed and order).</summary>
    public static Func<ProxiedRequest, Fault> ByRate(int seed, double rate, params string[] endpoints)
    {
        var random = new Random(seed);
        var gate = new Lock();
        Fault[] kinds = [Fault.ResetBeforeAnswer, Fault.CutMidAnswer, Fault.CloseBeforeAnswer];
        return request =>
        {
            if (!endpoints.Contains(request.Endpoint))
            {
                return Fault.None;
            }

            lock (gate)
            {
                return random.NextDouble() < rate ? kinds[random.Next(kinds.Length)] : Fault.None;
            }
        };
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await upstream.ConnectAsync(_upstream, _stop.Token);
            var fromClient = new Reader(client);
            var fromServer = new Reader(upstream);
            while (true)
            {
                (byte[] head, byte[] body)? request = await fromClient.ReadMessageAsync(isResponse: false, _stop.Token);
                if (request is not { } req)
                {
                    return;
                }

                string[] first = Encoding.ASCII.GetString(req.head).Split("\r\n")[0].Split(' ');
                var seen = new ProxiedRequest(first[0], first[1], req.body);
                Seen.Enqueue(seen);
                await upstream.SendAsync(Concat(req.head, req.body), SocketFlags.None, _stop.Token);
                (byte[] head, byte[] body)? response = await fromServer.ReadMessageAsync(isResponse: true, _stop.Token);
                if (response is not { } resp)
                {
                    return;
                }

                Answered.AddOrUpdate(seen.Endpoint, 1, (_, n) => n + 1);
                Fault fault = Decide(seen);
                byte[] answer = Concat(resp.head, resp.body);
                if (fault == Fault.None)
                {
                    await client.SendAsync(answer, SocketFlags.None, _stop.Token);
                    continue;
                }

                Lost.AddOrUpdate(seen.Endpoint, 1, (_, n) => n + 1);
                if (fault == Fault.CutMidAnswer)
                {
                    await client.SendAsync(answer.AsMemory(0, answer.Length / 2), SocketFlags.None, _stop.Token);
                }

                if (fault == Fault.CloseBeforeAnswer)
                {
                    client.Shutdown(SocketShutdown.Both);
                }
                else
                {
                    client.LingerState = new LingerOption(true, 0); // close = RST
                }

                return;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The lane or the back office went away: so does this connection.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var all = new byte[a.Length + b.Length];
        a.CopyTo(all, 0);
        b.CopyTo(all, a.Length);
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }

    /// <summary>Reads whole HTTP/1.1 messages (head, then a Content-Length or chunked body) from a socket.</summary>
    private sealed class Reader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<(byte[] Head, byte[] Body)?> ReadMessageAsync(bool isResponse, CancellationToken ct)
        {
            byte[]? head = await ReadHeadAsync(ct);
            if (head is null)
            {
                return null;
            }

            string text = Encoding.ASCII.GetString(head);
            string[] lines = text.Split("\r\n");
            string? length = Header(lines, "Content-Length");
            string? encoding = Header(lines, "Transfer-Encoding");
            if (encoding is not null && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                using var body = new MemoryStream();
                while (true)
                {
                    byte[] sizeLine = await ReadLineAsync(ct) ?? throw new IOException("cut in a chunk");
                    body.Write(sizeLine);
                    int size = Convert.ToInt32(Encoding.ASCII.GetString(sizeLine).Trim().Split(';')[0], 16);
                    if (size == 0)
                    {
                        byte[] end = await ReadLineAsync(ct) ?? throw new IOException("cut in a chunk");
                        body.Write(end);
                        return (head, body.ToArray());
                    }

                    body.Write(await ReadExactlyAsync(size + 2, ct));
                }
            }

            int n = length is null ? 0 : int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
            _ = isResponse;
            return (head, await ReadExactlyAsync(n, ct));
        }

        private static string? Header(string[] lines, string name)
        {
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return line[(colon + 1)..].Trim();
                }
            }

            return null;
        }

        private async Task<byte[]?> ReadHeadAsync(CancellationToken ct)
        {
            while (true)
            {
                int at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
                if (at >= 0)
                {
                    byte[] head = _buffer.AsSpan(_start, at + 4).ToArray();
                    _start += at + 4;
                    return head;
                }

                if (!await FillAsync(ct))
                {
                    return null;
                }
            }
        }

        private async Task<byte[]?> ReadLineAsync(CancellationToken ct)
        {
            while (true)
            {
                int at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
                if (at >= 0)
                {
                    byte[] line = _buffer.AsSpan(_start, at + 2).ToArray();
                    _start += at + 2;
                    return line;
                }

                if (!await FillAsync(ct))
                {
                    return null;
                }
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct)
        {
            var result = new byte[count];
            int have = 0;
            while (have < count)
            {
                if (_start == _end && !await FillAsync(ct))
                {
                    throw new IOException("The connection closed inside a message.");
                }

                int take = Math.Min(count - have, _end - _start);
                _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(have));
                _start += take;
                have += take;
            }

            return result;
        }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new IOException("An HTTP head larger than the proxy's buffer.");
            }

            int n = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
            if (n == 0)
            {
                return false;
            }

            _end += n;
            return true;
        }
    }
}

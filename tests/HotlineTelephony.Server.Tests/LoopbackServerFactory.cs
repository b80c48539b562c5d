using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HotlineTelephony.Server.Tests;

/// <summary>
/// The real host in process, with its SIP stack on 127.0.0.1 and a free port, so tests never collide with a server
/// (or another test run) already holding 5060.
/// </summary>
public sealed class LoopbackServerFactory : WebApplicationFactory<Program>
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hotline-server-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The host's SIP port on 127.0.0.1 (UDP and TCP), for tests that talk SIP to it.</summary>
    public int SipPort { get; } = FreeSipPort();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Sip:ListenAddress", "127.0.0.1");
        builder.UseSetting("Sip:Port", SipPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Each host its own records database and recordings, so hosts in parallel tests never share a file.
        builder.UseSetting("CallRecords:ConnectionString", $"Data Source={_data}.db");
        builder.UseSetting("Tickets:ConnectionString", $"Data Source={_data}-tickets.db");
        builder.UseSetting("Media:Recording:Folder", Path.Combine(_data, "recordings"));
        builder.UseSetting("Tickets:ConnectionString", $"Data Source={_data}-tickets.db");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);

        // Leave nothing behind in the temp folder: the database (with its WAL files) and any recordings.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _data + ".db", _data + ".db-wal", _data + ".db-shm", _data + "-tickets.db", _data + "-tickets.db-wal", _data + "-tickets.db-shm" })
        {
            File.Delete(file);
        }

        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    /// <summary>
    /// A port free for both UDP and TCP on loopback right now, picked between the servers' RTP range (20000–29999)
    /// and the kernel's ephemeral range (32768–60999 on Linux): every other test process (SIPp, baresip, the
    /// end-to-end servers) takes its SIP ports from the one and its media ports from the other, so a late
    /// retransmission, keep-alive or RTP packet aimed at a port one of them used can never land on this host and
    /// look like a call of this test's.
    /// </summary>
    private static int FreeSipPort()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = Random.Shared.Next(30_000, 32_700);
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP or TCP: try another.
            }
        }

        throw new InvalidOperationException("No port free for both UDP and TCP on 127.0.0.1 between 30000 and 32700.");
    }
}

using HotlineTelephony.Media.Rtp.Receive;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.Server.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public void StartupFailsNamingSipPortWhenPortIsZero()
    {
        var error = StartWith(new() { ["Sip:Port"] = "0" });

        Assert.Contains("Sip:Port must be between 1 and 65535 (was 0)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupFailsNamingTheTrunkWhenItsAddressIsNotAnIpOrCidr()
    {
        var error = StartWith(new()
        {
            ["Trunks:0:Name"] = "local-test",
            ["Trunks:0:Address"] = "127.0.0.1",
            ["Trunks:1:Name"] = "carrier-b",
            ["Trunks:1:Address"] = "10.0.0.300/24",
            ["Trunks:1:Kind"] = "carrier",
        });

        Assert.Contains("Trunks:1:Address must be an IP address", error.Message, StringComparison.Ordinal);
        Assert.Contains("'10.0.0.300/24'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupFailsNamingTheTrunkKindWhenItIsUnknown()
    {
        var error = StartWith(new() { ["Trunks:0:Kind"] = "mobile" });

        Assert.Contains("Trunks:0:Kind must be 'carrier' or 'emergency' (was 'mobile')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShippedAppSettingsBindToTheDocumentedDefaults()
    {
        // Built, not started: reading options must not bind the SIP port.
        await using var app = ServerApplication.Build([]);

        var sip = app.Services.GetRequiredService<IOptions<SipOptions>>().Value;
        var registrar = app.Services.GetRequiredService<IOptions<RegistrarOptions>>().Value;
        var trunks = app.Services.GetRequiredService<IOptions<TrunkOptions>>().Value;
        var hotline = app.Services.GetRequiredService<IOptions<HotlineOptions>>().Value;

        Assert.Equal(("0.0.0.0", 5060, true, true), (sip.ListenAddress, sip.Port, sip.EnableUdp, sip.EnableTcp));
        Assert.Null(sip.PublicAddress);
        Assert.Null(sip.TraceFile);
        Assert.Equal("hotline.local", registrar.Realm);
        Assert.Equal(10, registrar.Extensions.Count);
        Assert.Equal("agent1007", registrar.Extensions["1007"]);
        Assert.Equal(["MD5"], registrar.DigestAlgorithms);
        Assert.Equal(
            [("local-test", "127.0.0.1", "carrier"), ("110-platform", "127.0.0.2", "carrier")],
            trunks.Trunks.Select(t => (t.Name, t.Address, t.Kind)));
        Assert.Equal(["12345"], hotline.ServiceNumbers);
    }

    [Fact]
    public async Task MediaReceiveLoopDefaultsToEpollAndBindsFromTheCommandLineAsTheBenchScriptPassesIt()
    {
        await using (var defaults = ServerApplication.Build([]))
        {
            var media = defaults.Services.GetRequiredService<IOptions<MediaEngineOptions>>().Value;
            Assert.Equal((ReceiveLoopMode.Epoll, 0), (media.ReceiveLoop, media.ReceiveThreads));
        }

        await using var app = ServerApplication.Build(["--Media:ReceiveLoop=async", "--Media:ReceiveThreads=3"]);
        var configured = app.Services.GetRequiredService<IOptions<MediaEngineOptions>>().Value;
        Assert.Equal((ReceiveLoopMode.Async, 3), (configured.ReceiveLoop, configured.ReceiveThreads));
    }

    [Fact]
    public async Task AnUnknownMediaReceiveLoopIsRefusedNamingTheSetting()
    {
        await using var app = ServerApplication.Build(["--Media:ReceiveLoop=io_uring"]);

        var error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<IOptions<MediaEngineOptions>>().Value);

        Assert.Contains("Media:ReceiveLoop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupFailsNamingMediaReceiveThreadsWhenNegative()
    {
        var error = StartWith(new() { ["Media:ReceiveThreads"] = "-1" });

        Assert.Contains("Media:ReceiveThreads must be 0 (one per core) to 256 (was -1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistrarToStringRedactsPasswords()
    {
        var options = new RegistrarOptions { Extensions = { ["1001"] = "agent1001", ["1002"] = "s3cret" } };

        string text = options.ToString();

        Assert.Contains("1001=***", text, StringComparison.Ordinal);
        Assert.DoesNotContain("agent1001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("203.0.113.0/28", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("10.1", false)]
    [InlineData("example.com", false)]
    [InlineData("10.0.0.300", false)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("", false)]
    public void TrunkAddressAcceptsOnlyIpLiteralsAndCidrBlocks(string address, bool valid)
    {
        var options = new TrunkOptions { Trunks = [new TrunkDefinition { Name = "t", Address = address }] };

        var result = new TrunkOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void SipValidatorNamesEverySettingThatIsWrong()
    {
        var options = new SipOptions { ListenAddress = "any", EnableUdp = false, EnableTcp = false, T1Ms = 500, T2Ms = 100, MinSeSeconds = 30 };

        var result = new SipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Sip:ListenAddress", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Sip:EnableUdp and Sip:EnableTcp", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Sip:T2Ms", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Sip:MinSeSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void RegistrarValidatorRejectsDefaultExpiresOutsideMinAndMax()
    {
        var options = new RegistrarOptions { DefaultExpiresSeconds = 30, MinExpiresSeconds = 60, MaxExpiresSeconds = 7200 };

        var result = new RegistrarOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Registrar:DefaultExpiresSeconds must be between", StringComparison.Ordinal));
    }

    /// <summary>
    /// Builds the real host and starts it. WebApplicationFactory is not used here: when start-up throws, it sometimes
    /// reports an ObjectDisposedException from its deferred host instead of the validation error.
    /// </summary>
    private static OptionsValidationException StartWith(Dictionary<string, string?> settings)
    {
        string database = Path.Combine(Path.GetTempPath(), $"hotline-options-{Guid.NewGuid():N}.db");
        string[] args = ["--Urls=http://127.0.0.1:0", $"--CallRecords:ConnectionString=Data Source={database}", .. settings.Select(static s => $"--{s.Key}={s.Value}")];
        var app = ServerApplication.Build(args);
        try
        {
            return Assert.Throws<OptionsValidationException>(() => app.StartAsync().GetAwaiter().GetResult());
        }
        finally
        {
            ((IDisposable)app).Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}

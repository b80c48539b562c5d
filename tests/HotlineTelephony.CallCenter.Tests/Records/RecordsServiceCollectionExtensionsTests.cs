using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HotlineTelephony.CallCenter.Tests.Records;

public sealed class RecordsServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AddCallRecordsRegistersTheEventLogTheStoreAndTheWriter()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddCallRecords(o => o.ConnectionString = _database.Options().ConnectionString);

        await using var provider = services.BuildServiceProvider();
        var log = provider.GetRequiredService<IAcdEventLog>();
        log.Append(new AcdEvent(DateTimeOffset.UnixEpoch, AcdEventKind.CallArrived, "c1"));

        Assert.IsType<SqliteAcdEventLog>(log);
        Assert.Single(await log.ReadAsync());
        Assert.IsType<CallRecordStore>(provider.GetRequiredService<ICallRecordStore>());
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is CallRecordWriter);
    }

    [Fact]
    public void AddCallRecordsRejectsInvalidOptionsAtRegistration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddCallRecords(o => o.BatchSize = 0));

        Assert.Contains("CallRecords:BatchSize", error.Message, StringComparison.Ordinal);
    }
}

using System.Collections.Concurrent;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Dialplans.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.CallCenter.Tests.Dialplans;

public sealed class DialplanProviderTests : IDisposable
{
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(20);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dialplan-tests-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLogger _logger = new();

    public DialplanProviderTests()
    {
        Directory.CreateDirectory(_folder);
        WritePlan("general");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PlanFile => Path.Combine(_folder, "city.yaml");

    private void WritePlan(string queue) => File.WriteAllText(PlanFile, $"""
        queues:
          - id: {queue}
        numbers:
          - {"{"} number: "12345", kind: service, queue: {queue} {"}"}
        """);

    private void WriteBadPlan() => File.WriteAllText(PlanFile, """
        queues:
          - id: general
            strategy: fastest
        numbers:
          - { number: "12345", kind: service, queue: genral }
        """);

    private DialplanProvider Start(bool watch = false) =>
        new(Options.Create(new DialplanOptions { Folder = _folder, Watch = watch, Debounce = TimeSpan.FromMilliseconds(50) }), _logger);

    [Fact]
    public void StartsWithTheFolderPlanAsGenerationOne()
    {
        using var provider = Start();
        Assert.Equal(1, provider.Current.Generation);
        Assert.Equal("general", provider.Current.Route("12345")!.Queue);
        Assert.Empty(provider.LastErrors);
        Assert.Contains(_logger.Entries, e => e.EventId == 4600);
    }

    [Fact]
    public void RefusesToStartOnABadPlanAndListsEveryError()
    {
        WriteBadPlan();
        var ex = Assert.Throws<DialplanLoadException>(() => Start());
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("city.yaml:3: queue 'general' uses unknown strategy 'fastest'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("city.yaml:5: number '12345' (service) refers to unknown queue 'genral'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptiedFolderIsRefusedBecauseItWouldAnswerNothing()
    {
        using var provider = Start();
        File.WriteAllText(PlanFile, "");

        var result = await provider.ReloadAsync();

        Assert.False(result.Succeeded);
        Assert.Contains("has no numbers", Assert.Single(provider.LastErrors).Message, StringComparison.Ordinal);
        Assert.Equal("general", provider.Current.Route("12345")!.Queue);
    }

    [Fact]
    public void DefaultOptionsPointAtTheDialplansFolder()
    {
        var options = new DialplanOptions();
        Assert.Equal("dialplans", options.Folder);
        Assert.True(options.Watch);
        options.Validate();
        Assert.Throws<InvalidOperationException>(() => new DialplanOptions { Folder = " " }.Validate());
    }

    [Fact]
    public async Task ReloadAsyncSwapsInAGoodEditAndRaisesReloaded()
    {
        using var provider = Start();
        Dialplan? raised = null;
        provider.Reloaded += (_, plan) => raised = plan;
        WritePlan("experts");

        var result = await provider.ReloadAsync();

        Assert.True(result.Succeeded);
        Assert.Same(provider.Current, raised);
        Assert.Same(provider.Current, result.Plan);
        Assert.Equal(2, provider.Current.Generation);
        Assert.Equal("experts", provider.Current.Route("12345")!.Queue);
    }

    [Fact]
    public async Task ABadEditIsRefusedAndTheOldPlanStaysCurrent()
    {
        using var provider = Start();
        var before = provider.Current;
        var raised = false;
        provider.Reloaded += (_, _) => raised = true;
        WriteBadPlan();

        var result = await provider.ReloadAsync();

        Assert.False(result.Succeeded);
        Assert.Same(before, provider.Current);
        Assert.Equal("general", provider.Current.Route("12345")!.Queue);
        Assert.False(raised);
        Assert.Equal(2, provider.LastErrors.Count);
        Assert.Equal(3, provider.LastErrors[0].Line);
        Assert.Contains(_logger.Entries, e => e.EventId == 4601);
        Assert.Equal(2, _logger.Entries.Count(e => e.EventId == 4602));

        WritePlan("experts");
        Assert.True((await provider.ReloadAsync()).Succeeded);
        Assert.Empty(provider.LastErrors);
        Assert.Equal(2, provider.Current.Generation);
    }

    [Fact]
    public async Task CallsInProgressKeepTheSnapshotTheyStartedWith()
    {
        using var provider = Start();
        var callSnapshot = provider.Current;
        WritePlan("experts");

        await provider.ReloadAsync();

        Assert.Equal("general", callSnapshot.Route("12345")!.Queue);
        Assert.NotNull(callSnapshot.FindQueue("general"));
        Assert.Equal("experts", provider.Current.Route("12345")!.Queue);
    }

    [Fact]
    public async Task HotReloadPicksUpAGoodEditToTheFolder()
    {
        using var provider = Start(watch: true);
        var reloaded = new TaskCompletionSource<Dialplan>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Reloaded += (_, plan) =>
        {
            if (plan.Route("12345")?.Queue == "experts")
                reloaded.TrySetResult(plan);
        };

        WritePlan("experts");

        var plan = await reloaded.Task.WaitAsync(EventWait);
        Assert.Same(plan, provider.Current);
    }

    [Fact]
    public async Task HotReloadRefusesABadEditToTheFolderAndKeepsServing()
    {
        using var provider = Start(watch: true);
        var before = provider.Current;
        var raised = false;
        provider.Reloaded += (_, _) => raised = true;

        WriteBadPlan();

        await _logger.WaitForAsync(4601).WaitAsync(EventWait);
        Assert.Same(before, provider.Current);
        Assert.False(raised);
        Assert.NotEmpty(provider.LastErrors);
    }

    [Fact]
    public async Task ReloadWaitsForTheDebounceQuietTime()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var provider = new DialplanProvider(
            Options.Create(new DialplanOptions { Folder = _folder, Watch = true, Debounce = TimeSpan.FromSeconds(5) }), _logger, time);
        var reloaded = new TaskCompletionSource<Dialplan>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Reloaded += (_, plan) => reloaded.TrySetResult(plan);

        // One atomic replace, so the watcher reports one change and the quiet time starts once.
        var staged = Path.Combine(Path.GetTempPath(), "dialplan-staged-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(staged, File.ReadAllText(PlanFile).Replace("general", "experts", StringComparison.Ordinal));
        File.Move(staged, PlanFile, overwrite: true);
        await _logger.WaitForAsync(4603).WaitAsync(EventWait);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(reloaded.Task.IsCompleted);
        Assert.Equal("general", provider.Current.Route("12345")!.Queue);

        time.Advance(TimeSpan.FromSeconds(2));
        var plan = await reloaded.Task.WaitAsync(EventWait);
        Assert.Equal("experts", plan.Route("12345")!.Queue);
    }

    [Fact]
    public void AddDialplansBindsTheDialplanSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Dialplan:Folder"] = _folder, ["Dialplan:Watch"] = "false" })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<ILogger<DialplanProvider>>(_logger)
            .AddDialplans(configuration);
        using var serviceProvider = services.BuildServiceProvider();
        var provider = serviceProvider.GetRequiredService<DialplanProvider>();
        Assert.Equal("general", provider.Current.Route("12345")!.Queue);
    }

    private sealed class CapturingLogger : ILogger<DialplanProvider>
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _waiters = new();

        public ConcurrentQueue<(int EventId, LogLevel Level, string Message)> Entries { get; } = new();

        public Task WaitForAsync(int eventId) =>
            _waiters.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
            _waiters.GetOrAdd(eventId.Id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}

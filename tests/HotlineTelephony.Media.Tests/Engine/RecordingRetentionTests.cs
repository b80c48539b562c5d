using HotlineTelephony.Media.Engine;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Media.Tests.Engine;

public sealed class RecordingRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();

    [Fact]
    public void SweepDeletesOnlyRecordingsOlderThanTheRetention()
    {
        var options = new RecordingOptions { Folder = _folder.Path, RetentionDays = 180 };
        string old = CreateRecording(options, "old", Now.AddDays(-181));
        string edge = CreateRecording(options, "edge", Now.AddDays(-179));
        string fresh = CreateRecording(options, "fresh", Now.AddHours(-1));
        string notes = Path.Combine(_folder.Path, "readme.txt");
        File.WriteAllText(notes, "not a recording");
        File.SetLastWriteTimeUtc(notes, Now.AddYears(-2).UtcDateTime);

        int deleted = new RecordingRetention(options, new FakeTimeProvider(Now)).Sweep();

        Assert.Equal(1, deleted);
        Assert.False(File.Exists(old));
        Assert.False(Directory.Exists(Path.GetDirectoryName(old)));
        Assert.True(File.Exists(edge));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(notes));
    }

    [Fact]
    public void SweepOfAMissingFolderDeletesNothing()
    {
        var options = new RecordingOptions { Folder = Path.Combine(_folder.Path, "absent") };
        Assert.Equal(0, new RecordingRetention(options, new FakeTimeProvider(Now)).Sweep());
    }

    [Fact]
    public async Task RetentionRunsAgainAfterEachInterval()
    {
        var options = new RecordingOptions { Folder = _folder.Path, RetentionDays = 1 };
        var time = new FakeTimeProvider(Now);
        using var cancel = new CancellationTokenSource();
        string recording = CreateRecording(options, "call", Now.AddHours(-23.5));
        var run = new RecordingRetention(options, time).RunAsync(TimeSpan.FromHours(1), cancel.Token);
        Assert.True(File.Exists(recording));

        time.Advance(TimeSpan.FromHours(1));
        await WaitUntil(() => !File.Exists(recording));
        cancel.Cancel();
        await run;

        Assert.False(File.Exists(recording));
    }

    [Fact]
    public void RecordingPathIsFolderThenUtcDateThenCallId()
    {
        var options = new RecordingOptions { Folder = "recordings" };

        string path = options.GetPath("a84b4c76e66710@pc33/x", new DateTimeOffset(2025, 1, 2, 23, 30, 0, TimeSpan.FromHours(-2)));

        Assert.Equal(Path.Combine("recordings", "2025", "01", "03", "a84b4c76e66710@pc33_x-013000000.wav"), path);
    }

    [Fact]
    public void DefaultsAreRecordingsFolderAndHalfAYear()
    {
        var options = new RecordingOptions();
        Assert.Equal(("recordings", 180, TimeSpan.FromSeconds(1)), (options.Folder, options.RetentionDays, options.FlushInterval));
    }

    [Fact]
    public void ValidationNamesTheRetentionSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RecordingOptions { RetentionDays = 0 }.Validate());
        Assert.Contains("Recording:RetentionDays", error.Message);
    }

    public void Dispose() => _folder.Dispose();

    private static string CreateRecording(RecordingOptions options, string callId, DateTimeOffset lastWritten)
    {
        string path = options.GetPath(callId, lastWritten);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, lastWritten.UtcDateTime);
        return path;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        // The sweep runs on the thread pool once fake time fires the delay; wait for it, not for a duration.
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }
}

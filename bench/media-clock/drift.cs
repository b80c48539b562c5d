#:project ../../src/HotlineTelephony.Media/HotlineTelephony.Media.csproj
// Measures media-clock drift and tick jitter on this machine: dotnet run drift.cs -- [seconds]
// See README.md for how to read the output.
using System.Diagnostics;
using HotlineTelephony.Media.Engine;

int seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3600;
var probe = new Probe(seconds * 50 + 100);
var watch = Stopwatch.StartNew();
using (var clock = MediaClock.Start("drift"))
{
    clock.Add(probe);
    Thread.Sleep(TimeSpan.FromSeconds(seconds));
    double elapsedMs = watch.Elapsed.TotalMilliseconds;
    long scheduled = clock.TickCount + clock.DroppedTicks;
    double expected = (elapsedMs / MediaFormat.FrameMilliseconds) + 1;
    Console.WriteLine($"elapsed {elapsedMs:F1} ms, ticks run {clock.TickCount}, dropped {clock.DroppedTicks}, late {clock.LateTicks}, resyncs {clock.Resyncs}");
    Console.WriteLine($"scheduled {scheduled}, expected {expected:F1}, drift {(scheduled - expected) * MediaFormat.FrameMilliseconds:F1} ms");
    probe.Report();
}

internal sealed class Probe(int capacity) : IMediaTickable
{
    private readonly long[] _stamps = new long[capacity];
    private int _count;

    public void Tick(long tickIndex)
    {
        if (_count < _stamps.Length)
        {
            _stamps[_count++] = Stopwatch.GetTimestamp();
        }
    }

    public void Report()
    {
        // The clock is still ticking while this runs: work on the ticks recorded so far.
        int count = Volatile.Read(ref _count);
        var intervals = new double[count - 1];
        for (int i = 1; i < count; i++)
        {
            intervals[i - 1] = (_stamps[i] - _stamps[i - 1]) * 1000.0 / Stopwatch.Frequency;
        }

        Array.Sort(intervals);
        Console.WriteLine($"tick interval ms: p50 {intervals[intervals.Length / 2]:F3}, p99 {intervals[(int)(intervals.Length * 0.99)]:F3}, p99.9 {intervals[(int)(intervals.Length * 0.999)]:F3}, max {intervals[^1]:F3}");
        double last = (_stamps[count - 1] - _stamps[0]) * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine($"first to last tick {last:F1} ms over {count - 1} intervals (ideal {(count - 1) * 20.0:F1} ms)");
    }
}

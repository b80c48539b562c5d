using System.Globalization;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// Runs SIPp (Debian package sip-tester) on 127.0.0.1 only, in the foreground without a terminal (-nostdin), with
/// statistics, unexpected messages and (optionally) every message written to files in a per-run folder.
/// </summary>
public static class SippRunner
{
    /// <summary>Runs SIPp to completion and returns its exit code, final statistics and error log.</summary>
    public static async Task<SippResult> RunAsync(string testName, SippOptions options, CancellationToken cancellationToken = default)
    {
        await using var process = Start(testName, options);
        return await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts SIPp and returns at once (for UAS scenarios that must be listening before calls are placed).</summary>
    public static SippProcess Start(string testName, SippOptions options)
    {
        if ((options.ScenarioFile is null) == (options.BuiltInScenario is null))
        {
            throw new ArgumentException("Set exactly one of ScenarioFile and BuiltInScenario.", nameof(options));
        }

        string sipp = ChildProcess.RequireTool("sipp", "sip-tester");
        string directory = TestPaths.CreateTestDirectory(testName, "sipp");
        int localPort = options.LocalPort ?? FreePorts.Next();
        int mediaPort = options.MediaPort ?? FreePorts.Next(neighbours: 2);

        List<string> arguments = [];
        if (options.ScenarioFile is not null)
        {
            string scenario = Path.IsPathRooted(options.ScenarioFile)
                ? options.ScenarioFile
                : Path.Combine(TestPaths.ScenariosDirectory, options.ScenarioFile);
            arguments.AddRange(["-sf", scenario]);
        }
        else
        {
            arguments.AddRange(["-sn", options.BuiltInScenario!]);
        }

        if (options.Remote is not null)
        {
            if (!options.Remote.StartsWith("127.", StringComparison.Ordinal))
            {
                throw new ArgumentException("SIPp runs against loopback addresses only.", nameof(options));
            }

            arguments.Add(options.Remote);
        }

        if (options.Service is not null)
        {
            arguments.AddRange(["-s", options.Service]);
        }

        int timeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.Timeout.TotalSeconds));
        arguments.AddRange(
        [
            "-i", "127.0.0.1",
            "-p", localPort.ToString(CultureInfo.InvariantCulture),
            "-mp", mediaPort.ToString(CultureInfo.InvariantCulture),
            "-t", options.Transport,
            "-m", options.Calls.ToString(CultureInfo.InvariantCulture),
            "-timeout", $"{timeoutSeconds}s",
            "-timeout_error",
            "-nostdin",
            "-trace_stat", "-stf", "stats.csv",
            "-trace_err", "-error_file", "errors.log",
            "-trace_screen", "-screen_file", "screen.log",
        ]);
        if (options.TraceMessages)
        {
            arguments.AddRange(["-trace_msg", "-message_file", "messages.log"]);
        }

        if (options.CallRate is double rate)
        {
            arguments.AddRange(["-r", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.MaxConcurrentCalls is int limit)
        {
            arguments.AddRange(["-l", limit.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.EchoMedia)
        {
            arguments.Add("-rtp_echo");
        }

        if (options.AuthUser is not null)
        {
            arguments.AddRange(["-au", options.AuthUser]);
        }

        if (options.AuthPassword is not null)
        {
            arguments.AddRange(["-ap", options.AuthPassword]);
        }

        foreach (var (key, value) in options.Keys)
        {
            arguments.AddRange(["-key", key, value]);
        }

        arguments.AddRange(options.ExtraArguments);

        var output = new OutputLog(Path.Combine(directory, "sipp.log"));
        var process = ChildProcess.Start(sipp, arguments, directory, output);
        return new SippProcess(process, output, directory, localPort, mediaPort, TimeSpan.FromSeconds(timeoutSeconds + 15));
    }
}

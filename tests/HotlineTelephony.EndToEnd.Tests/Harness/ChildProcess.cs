using System.Diagnostics;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>Starting a peer program with its output captured, and finding the programs the tests need.</summary>
internal static class ChildProcess
{
    public static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory, OutputLog log)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // An open pipe nobody writes to: no peer may ever wait for a terminal.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        log.Add("cmd", $"{fileName} {string.Join(' ', startInfo.ArgumentList)}");
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => log.Add("out", e.Data);
        process.ErrorDataReceived += (_, e) => log.Add("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The full path of a program on PATH, or an exception telling how to install it.</summary>
    public static string RequireTool(string name, string debianPackage)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{name}' is not installed: run ./scripts/test.sh, or apt-get install {debianPackage}.");
    }
}

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>Where the repository, the server's build output, the scenarios and the per-test logs are.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>The folder holding HotlineTelephony.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary>The build configuration of this test assembly (bin/&lt;Configuration&gt;/net10.0), e.g. "Release".</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    public static string ServerDll => Path.Combine(
        RepositoryRoot, "src", "HotlineTelephony.Server", "bin", Configuration, "net10.0", "HotlineTelephony.Server.dll");

    /// <summary>SIPp scenario files, copied next to the test assembly.</summary>
    public static string ScenariosDirectory => Path.Combine(AppContext.BaseDirectory, "Scenarios");

    /// <summary>A fresh folder for one test's logs and generated files under the test output folder.</summary>
    public static string CreateTestDirectory(string testName, string kind)
    {
        string safeName = string.Concat(testName.Select(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        string path = Path.Combine(
            AppContext.BaseDirectory, "TestLogs", safeName, $"{kind}-{DateTime.UtcNow:HHmmss.fff}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HotlineTelephony.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HotlineTelephony.sln above {AppContext.BaseDirectory}.");
    }
}

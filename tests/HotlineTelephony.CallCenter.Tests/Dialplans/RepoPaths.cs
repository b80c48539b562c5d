namespace HotlineTelephony.CallCenter.Tests.Dialplans;

/// <summary>Finds the repository's dialplans/ folder from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dialplans => Path.Combine(Root, "dialplans");

    public static string CityCentre => Path.Combine(Dialplans, "city-centre.yaml");

    public static string Example(string city) => Path.Combine(Dialplans, "examples", city);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HotlineTelephony.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("HotlineTelephony.sln not found above " + AppContext.BaseDirectory);
    }
}

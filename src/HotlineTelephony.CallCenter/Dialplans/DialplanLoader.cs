using HotlineTelephony.CallCenter.Dialplans.Loading;

namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>
/// Reads dialplan YAML into an immutable <see cref="Model.Dialplan"/> snapshot. Every problem is collected and reported
/// as <c>file:line: reason</c>: syntax errors, unknown keys, wrong types, values out of range, duplicates, references to
/// things that do not exist, and settings the policy profile forbids. A plan with any error is not returned.
/// </summary>
public static class DialplanLoader
{
    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file directly in <paramref name="folder"/> (not its sub-folders, so
    /// <c>dialplans/examples/</c> is never loaded by accident), in ordinal order of file name, as one plan.
    /// </summary>
    public static DialplanLoadResult LoadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var display = folder.Replace('\\', '/');
        if (!Directory.Exists(folder))
            return new DialplanLoadResult(null, [new DialplanError(display, 0, "dialplan folder does not exist")]);
        var files = Directory.EnumerateFiles(folder, "*.*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            return new DialplanLoadResult(null, [new DialplanError(display, 0, "dialplan folder has no *.yaml files")]);
        return LoadFiles(files);
    }

    /// <summary>Loads the given files, in the given order, as one plan.</summary>
    public static DialplanLoadResult LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<DialplanSource>();
        var errors = new List<DialplanError>();
        foreach (var path in paths)
        {
            var name = path.Replace('\\', '/');
            try
            {
                sources.Add(new DialplanSource(name, File.ReadAllText(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new DialplanError(name, 0, $"cannot be read: {ex.Message}"));
            }
        }
        return errors.Count > 0 ? new DialplanLoadResult(null, errors) : Load(sources);
    }

    /// <summary>Loads YAML texts (tests, the API's validate-before-save) as one plan.</summary>
    public static DialplanLoadResult Load(IEnumerable<DialplanSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var builder = new DialplanBuilder();
        foreach (var source in sources)
            builder.Read(source);
        return builder.Build();
    }

    /// <summary>Loads one YAML text named <paramref name="name"/> in errors.</summary>
    public static DialplanLoadResult Load(string name, string yaml) => Load([new DialplanSource(name, yaml)]);
}

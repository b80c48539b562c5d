namespace HotlineTelephony.Media.Engine;

/// <summary>
/// Deletes recordings last written more than <see cref="RecordingOptions.RetentionDays"/> ago, and the day folders
/// they leave empty. One sweeper per host; time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class RecordingRetention
{
    private readonly RecordingOptions _options;
    private readonly TimeProvider _time;

    public RecordingRetention(RecordingOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Deletes expired recordings now; returns how many files were deleted.</summary>
    public int Sweep()
    {
        var root = new DirectoryInfo(_options.Folder);
        if (!root.Exists)
        {
            return 0;
        }

        var cutoff = _time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(_options.RetentionDays);
        int deleted = 0;
        foreach (var file in root.EnumerateFiles("*.wav", SearchOption.AllDirectories))
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                file.Delete();
                deleted++;
            }
        }

        RemoveEmptyFolders(root, isRoot: true);
        return deleted;
    }

    /// <summary>Sweeps now and then every <paramref name="interval"/> until cancelled; a failed sweep is retried next time.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Sweep();
            }
            catch (IOException)
            {
                // A file still open or a folder being written; the next sweep gets it.
            }
            catch (UnauthorizedAccessException)
            {
            }

            try
            {
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void RemoveEmptyFolders(DirectoryInfo folder, bool isRoot)
    {
        foreach (var child in folder.EnumerateDirectories())
        {
            RemoveEmptyFolders(child, isRoot: false);
        }

        if (!isRoot && !folder.EnumerateFileSystemInfos().Any())
        {
            folder.Delete();
        }
    }
}

using HotlineTelephony.EndToEnd.Tests.Harness;

namespace HotlineTelephony.EndToEnd.Tests.Media;

/// <summary>Where the media tests find what was heard and what should have been.</summary>
internal static class MediaFiles
{
    /// <summary>The one sndfile dump of the given direction ("dec": heard, "enc": sent) of a phone's only call.</summary>
    public static string SingleDump(BaresipRunner phone, string direction)
    {
        var files = Directory.GetFiles(phone.RecordingsDirectory, $"dump-*-{direction}.wav");
        Assert.True(files.Length == 1, $"expected one {direction} dump in {phone.RecordingsDirectory}, found {files.Length}");
        return files[0];
    }

    /// <summary>A prompt WAV as shipped beside the server.</summary>
    public static string Prompt(string name) =>
        Path.Combine(Path.GetDirectoryName(TestPaths.ServerDll)!, "prompts", "zh-CN", name + ".wav");
}

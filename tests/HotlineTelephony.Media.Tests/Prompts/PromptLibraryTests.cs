using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Prompts;
using HotlineTelephony.Media.Tests.Audio;

namespace HotlineTelephony.Media.Tests.Prompts;

public class PromptLibraryTests
{
    // The Media project copies prompts/ beside the test binaries; these tests read that copy, so they also prove the
    // copy works for any project that references Media.
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "prompts", "zh-CN");

    private static readonly Lazy<PromptLibrary> s_library = new(() => PromptLibrary.Load());

    public static TheoryData<string, string, int> ManifestEntries()
    {
        var data = new TheoryData<string, string, int>();
        foreach (string line in File.ReadAllLines(Path.Combine(s_folder, "manifest.tsv")).Skip(1))
        {
            string[] fields = line.Split('\t');
            data.Add(fields[0], fields[1], int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ManifestEntries))]
    public void EveryManifestPromptIsAShortAudibleEightKilohertzMonoClip(string file, string text, int durationMs)
    {
        string path = Path.Combine(s_folder, file);
        byte[] bytes = File.ReadAllBytes(path);
        AudioClip clip = WavFile.Read(path);

        Assert.NotEmpty(text);
        Assert.Equal(1, BitConverter.ToUInt16(bytes, 22));
        Assert.Equal(8000u, BitConverter.ToUInt32(bytes, 24));
        Assert.Equal(16, BitConverter.ToUInt16(bytes, 34));
        Assert.InRange(clip.Duration.TotalSeconds, 0.3, 12);
        Assert.InRange(bytes.Length, 0, 200 * 1024);
        Assert.InRange(clip.Duration.TotalMilliseconds, durationMs - 2, durationMs + 2);
        Assert.True(Signal.RmsDbfs(clip.Samples.Span) > -30, $"{file} is near silent");
        Assert.InRange(Signal.Peak(clip.Samples.Span), 20000, 32767);
    }

    [Fact]
    public void ManifestListsExactlyThePromptsTheLibraryLoads()
    {
        IEnumerable<string> manifest = File.ReadAllLines(Path.Combine(s_folder, "manifest.tsv")).Skip(1).Select(line => line.Split('\t')[0]);

        Assert.Equal(
            Enum.GetValues<PromptId>().Select(PromptLibrary.FileName).Order(),
            manifest.Order());
    }

    [Fact]
    public void WelcomeHasNoMenuAndNoAdvert()
    {
        string welcome = File.ReadAllLines(Path.Combine(s_folder, "manifest.tsv")).Single(line => line.StartsWith("welcome.wav\t", StringComparison.Ordinal));

        Assert.DoesNotContain("请按", welcome);
        Assert.Contains("12345", welcome);
    }

    [Fact]
    public void LoadsEveryPromptFromBesideTheBinariesByDefault()
    {
        PromptLibrary library = s_library.Value;

        Assert.Equal(Path.GetFullPath(s_folder), library.Directory);
        foreach (PromptId id in Enum.GetValues<PromptId>())
        {
            Assert.Equal(Path.GetFileNameWithoutExtension(PromptLibrary.FileName(id)), library.Get(id).Name);
        }
    }

    [Fact]
    public void QueuePositionConcatenatesAheadNumberAndUnit()
    {
        IReadOnlyList<AudioClip> clips = s_library.Value.QueuePosition(105);

        Assert.Equal(["queue-ahead", "digit-1", "hundred", "digit-0", "digit-5", "queue-unit"], clips.Select(c => c.Name));
    }

    [Fact]
    public void QueuePositionOfTwoSaysLiangWei()
    {
        Assert.Equal(["queue-ahead", "digit-2-counting", "queue-unit"], s_library.Value.QueuePosition(2).Select(c => c.Name));
    }

    [Fact]
    public void EstimatedWaitSaysMinutes()
    {
        Assert.Equal(["wait-estimated", "digit-2-counting", "wait-minutes"], s_library.Value.EstimatedWait(2).Select(c => c.Name));
        Assert.Equal(["wait-estimated", "digit-2", "ten", "wait-minutes"], s_library.Value.EstimatedWait(20).Select(c => c.Name));
        Assert.Equal(["wait-estimated", "ten", "digit-2", "wait-minutes"], s_library.Value.EstimatedWait(12).Select(c => c.Name));
    }

    [Fact]
    public void AQueueBeyondWhatCanBeSpokenIsAnnouncedAsNineHundredNinetyNine()
    {
        // Thousands waiting with nobody serving gave estimates above 999 minutes, and the announcement threw.
        string[] nineNineNine = ["digit-9", "hundred", "digit-9", "ten", "digit-9"];
        Assert.Equal(["wait-estimated", .. nineNineNine, "wait-minutes"], s_library.Value.EstimatedWait(1026).Select(c => c.Name));
        Assert.Equal(["queue-ahead", .. nineNineNine, "queue-unit"], s_library.Value.QueuePosition(4430).Select(c => c.Name));
    }

    [Fact]
    public void SpeakNumberUsesTheReadingForm()
    {
        Assert.Equal(["digit-2"], s_library.Value.SpeakNumber(2).Select(c => c.Name));
        Assert.Equal(["digit-1", "hundred", "digit-1", "ten"], s_library.Value.SpeakNumber(110).Select(c => c.Name));
    }

    [Fact]
    public void MissingFolderIsNamedInTheError()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-prompts-{Guid.NewGuid():N}");

        var error = Assert.Throws<DirectoryNotFoundException>(() => PromptLibrary.Load(missing));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void FolderMissingPromptsNamesEveryMissingFile()
    {
        string folder = Directory.CreateTempSubdirectory("prompts-").FullName;
        try
        {
            foreach (string file in Directory.GetFiles(s_folder, "*.wav"))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            File.Delete(Path.Combine(folder, "goodbye.wav"));
            File.Delete(Path.Combine(folder, "ten.wav"));

            var error = Assert.Throws<FileNotFoundException>(() => PromptLibrary.Load(folder));

            Assert.Contains("goodbye.wav", error.Message);
            Assert.Contains("ten.wav", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AWrongRatePromptFailsLoadingWithTheFileNamed()
    {
        string folder = Directory.CreateTempSubdirectory("prompts-").FullName;
        try
        {
            foreach (string file in Directory.GetFiles(s_folder, "*.wav"))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            File.WriteAllBytes(Path.Combine(folder, "welcome.wav"), WavBytes.Riff(WavBytes.Fmt(rate: 16000), WavBytes.Chunk("data", new byte[320])));

            var error = Assert.Throws<WavFormatException>(() => PromptLibrary.Load(folder));

            Assert.Contains("welcome.wav", error.Message);
            Assert.Contains("16000 Hz", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

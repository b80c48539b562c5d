using HotlineTelephony.Media.Audio;

namespace HotlineTelephony.Media.Prompts;

/// <summary>
/// The prompts of one language, decoded into memory at start-up so a missing or malformed file fails the server
/// before it takes calls rather than in the middle of one. Queue positions and waits are spoken by concatenating
/// fragments (您前面还有 + 一百零五 + 位), which is how recorded-voice systems do it without a TTS engine.
/// </summary>
public sealed class PromptLibrary
{
    /// <summary>Where the Media project copies the committed prompts, relative to the application's base directory.</summary>
    public const string DefaultDirectory = "prompts/zh-CN";

    private readonly AudioClip[] _clips;

    private PromptLibrary(string directory, AudioClip[] clips)
    {
        Directory = directory;
        _clips = clips;
    }

    /// <summary>The folder the prompts were loaded from (absolute).</summary>
    public string Directory { get; }

    /// <summary>
    /// Loads every <see cref="PromptId"/> from <paramref name="directory"/>: absolute, or relative to
    /// <see cref="AppContext.BaseDirectory"/> (not the working directory, which a service manager sets arbitrarily).
    /// Null means <see cref="DefaultDirectory"/>. Throws naming every missing file at once, or the first bad one.
    /// </summary>
    public static PromptLibrary Load(string? directory = null)
    {
        string path = Path.GetFullPath(directory ?? DefaultDirectory, AppContext.BaseDirectory);
        if (!System.IO.Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Prompt folder '{path}' does not exist (set the prompt directory, or regenerate with scripts/generate-prompts.sh)");
        }

        PromptId[] ids = Enum.GetValues<PromptId>();
        var missing = new List<string>();
        foreach (PromptId id in ids)
        {
            if (!File.Exists(Path.Combine(path, FileName(id))))
            {
                missing.Add(FileName(id));
            }
        }

        if (missing.Count > 0)
        {
            throw new FileNotFoundException($"Prompt folder '{path}' lacks {string.Join(", ", missing)}");
        }

        var clips = new AudioClip[ids.Length];
        foreach (PromptId id in ids)
        {
            AudioClip clip = WavFile.Read(Path.Combine(path, FileName(id)));
            if (clip.SampleCount == 0)
            {
                throw new WavFormatException(FileName(id), "prompt has no audio");
            }

            clips[(int)id] = clip;
        }

        return new PromptLibrary(path, clips);
    }

    /// <summary>The file a prompt is stored in, as written by scripts/generate-prompts.sh.</summary>
    public static string FileName(PromptId id) => id switch
    {
        PromptId.Welcome => "welcome.wav",
        PromptId.QueueAhead => "queue-ahead.wav",
        PromptId.QueueUnit => "queue-unit.wav",
        >= PromptId.Digit0 and <= PromptId.Digit9 => $"digit-{id - PromptId.Digit0}.wav",
        PromptId.Digit2Counting => "digit-2-counting.wav",
        PromptId.Ten => "ten.wav",
        PromptId.Hundred => "hundred.wav",
        PromptId.WaitEstimated => "wait-estimated.wav",
        PromptId.WaitMinutes => "wait-minutes.wav",
        PromptId.OverflowOffer => "overflow-offer.wav",
        PromptId.VoicemailInstructions => "voicemail-instructions.wav",
        PromptId.EmergencyTransfer => "emergency-transfer.wav",
        PromptId.RestrictedCaller => "restricted-caller.wav",
        PromptId.Goodbye => "goodbye.wav",
        PromptId.TransferFailed => "transfer-failed.wav",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "unknown prompt"),
    };

    public AudioClip Get(PromptId id)
    {
        if ((uint)id >= (uint)_clips.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "unknown prompt");
        }

        return _clips[(int)id];
    }

    /// <summary>A number 0–999 as it is read aloud (二 for 2: use the counting methods for quantities).</summary>
    public IReadOnlyList<AudioClip> SpeakNumber(int n) => Sequence(null, n, counting: false, null);

    /// <summary>您前面还有 n 位 (0–999; more is read as 999: a queue that long is a flood, not a figure to announce).</summary>
    public IReadOnlyList<AudioClip> QueuePosition(int n) => Sequence(PromptId.QueueAhead, Math.Clamp(n, 0, MaxAnnounced), counting: true, PromptId.QueueUnit);

    /// <summary>预计等待 n 分钟 (0–999; more is read as 999, e.g. when no agent is serving and thousands wait).</summary>
    public IReadOnlyList<AudioClip> EstimatedWait(int minutes) => Sequence(PromptId.WaitEstimated, Math.Clamp(minutes, 0, MaxAnnounced), counting: true, PromptId.WaitMinutes);

    private const int MaxAnnounced = 999;

    private AudioClip[] Sequence(PromptId? before, int n, bool counting, PromptId? after)
    {
        Span<PromptId> fragments = stackalloc PromptId[ChineseNumerals.MaxFragments];
        int count = ChineseNumerals.Spell(n, counting, fragments);
        var clips = new AudioClip[count + (before is null ? 0 : 1) + (after is null ? 0 : 1)];
        int at = 0;
        if (before is { } first)
        {
            clips[at++] = Get(first);
        }

        for (int i = 0; i < count; i++)
        {
            clips[at++] = Get(fragments[i]);
        }

        if (after is { } last)
        {
            clips[at] = Get(last);
        }

        return clips;
    }
}

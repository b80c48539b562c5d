using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// What a caller on hold hears while the agent reaches someone else: a spoken notice once (e.g. the emergency-transfer
/// notice), then music. One port, so the bridge's hold needs no second swap when the notice ends.
/// </summary>
internal sealed class NoticeThenMusicPort : IMediaPort
{
    private readonly PlayerPort? _notice;
    private readonly MusicOnHold _music = new("hold-music");

    public NoticeThenMusicPort(AudioClip? notice)
    {
        _notice = notice is null ? null : new PlayerPort("notice", notice.Samples);
    }

    public string Name => "notice-then-music";

    public bool ReadFrame(Span<short> frame) =>
        _notice is { IsFinished: false } notice && notice.ReadFrame(frame) || _music.ReadFrame(frame);

    public void WriteFrame(ReadOnlySpan<short> frame)
    {
    }
}

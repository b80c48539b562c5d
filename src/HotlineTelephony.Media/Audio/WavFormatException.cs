namespace HotlineTelephony.Media.Audio;

/// <summary>
/// A WAV file this server cannot play: malformed, truncated or in a format other than 8 kHz mono PCM16/µ-law/A-law.
/// The message names the file and what was found, because the usual reader is an operator who dropped in a prompt.
/// </summary>
public sealed class WavFormatException : FormatException
{
    public WavFormatException(string fileName, string problem)
        : base($"'{fileName}': {problem}")
    {
        FileName = fileName;
        Problem = problem;
    }

    public string FileName { get; }

    public string Problem { get; }
}

using System.Buffers.Binary;
using HotlineTelephony.Media.Codecs;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Audio;

/// <summary>
/// Reads RIFF/WAVE files in the formats a telephony prompt comes in (8 kHz mono PCM16, µ-law or A-law) into an
/// <see cref="AudioClip"/>. Resampling is deliberately not done: the prompts script produces 8 kHz, and a silent
/// quality loss from a wrong-rate file is worse than a clear start-up error.
/// </summary>
/// <remarks>
/// Tolerates what real writers leave behind: extra chunks (LIST, fact, cue) before or after the data, odd-sized
/// chunks without their pad byte at the end of the file, a RIFF size that disagrees with the file, and a data size of
/// 0 or 0xFFFFFFFF from a streaming writer that was killed before it patched the header (the data then runs to the
/// end of the file). Anything else malformed throws <see cref="WavFormatException"/>; every chunk step advances at
/// least 8 bytes, so no input can make the parser loop.
/// </remarks>
public static class WavFile
{
    /// <summary>Larger files are refused before reading: an hour of 8 kHz PCM16 is 58 MB, and prompts are seconds.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    private const ushort FormatPcm = 1;
    private const ushort FormatALaw = 6;
    private const ushort FormatMuLaw = 7;
    private const ushort FormatExtensible = 0xFFFE;

    public static AudioClip Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileName(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Read(stream, name);
    }

    /// <summary>Reads the rest of <paramref name="stream"/>; <paramref name="name"/> is used in errors and as the clip name.</summary>
    public static AudioClip Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        if (stream.CanSeek && stream.Length - stream.Position > MaxFileBytes)
        {
            throw new WavFormatException(name, $"file is {stream.Length - stream.Position} bytes, over the {MaxFileBytes} byte limit");
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new WavFormatException(name, $"file is over the {MaxFileBytes} byte limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name);
    }

    public static AudioClip Parse(ReadOnlySpan<byte> file, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (file.Length < 12)
        {
            throw new WavFormatException(name, $"too short for a WAV header ({file.Length} bytes)");
        }

        if (!file[..4].SequenceEqual("RIFF"u8))
        {
            throw new WavFormatException(name, $"not a WAV file (starts with {Describe(file[..4])}, expected 'RIFF')");
        }

        if (!file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException(name, $"RIFF file of type {Describe(file.Slice(8, 4))}, expected 'WAVE'");
        }

        Format? format = null;
        int offset = 12;
        while (offset + 8 <= file.Length)
        {
            ReadOnlySpan<byte> id = file.Slice(offset, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(offset + 4, 4));
            int body = offset + 8;
            int remaining = file.Length - body;

            if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw new WavFormatException(name, "data chunk before the fmt chunk");
                }

                int length;
                if (size == 0 || size == uint.MaxValue)
                {
                    // A streaming writer's placeholder: it died before patching, so the audio runs to the end.
                    length = remaining;
                }
                else if (size > (uint)remaining)
                {
                    throw new WavFormatException(name, $"data chunk claims {size} bytes but only {remaining} remain (truncated file?)");
                }
                else
                {
                    length = (int)size;
                }

                return new AudioClip(Path.GetFileNameWithoutExtension(name), Decode(format.Value, file.Slice(body, length)));
            }

            if (size > (uint)remaining)
            {
                throw new WavFormatException(name, $"chunk {Describe(id)} at offset {offset} claims {size} bytes but only {remaining} remain");
            }

            if (id.SequenceEqual("fmt "u8))
            {
                format = ParseFormat(file.Slice(body, (int)size), name);
            }

            // Chunks are word-aligned; the pad byte may be missing at the very end, which the loop condition absorbs.
            offset = body + (int)size + (int)(size & 1);
        }

        throw new WavFormatException(name, format is null ? "no fmt chunk" : "no data chunk");
    }

    private static Format ParseFormat(ReadOnlySpan<byte> fmt, string name)
    {
        if (fmt.Length < 16)
        {
            throw new WavFormatException(name, $"fmt chunk is {fmt.Length} bytes, expected at least 16");
        }

        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        // WAVE_FORMAT_EXTENSIBLE carries the real tag in the first two bytes of its sub-format GUID.
        if (tag == FormatExtensible && fmt.Length >= 26)
        {
            tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
        }

        bool supported = channels == 1 && rate == MediaFormat.SampleRate
            && ((tag == FormatPcm && bits == 16) || ((tag == FormatMuLaw || tag == FormatALaw) && bits == 8));
        if (!supported)
        {
            throw new WavFormatException(
                name,
                $"unsupported format {TagName(tag)} {bits}-bit {rate} Hz {channels} channel(s); prompts must be 8000 Hz mono PCM 16-bit, µ-law or A-law (see scripts/generate-prompts.sh)");
        }

        return new Format(tag);
    }

    private static short[] Decode(Format format, ReadOnlySpan<byte> data)
    {
        if (format.Tag == FormatPcm)
        {
            // A killed writer can leave half a sample at the end; drop it.
            var samples = new short[data.Length / 2];
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data.Slice(i * 2, 2));
            }

            return samples;
        }

        var decoded = new short[data.Length];
        if (format.Tag == FormatMuLaw)
        {
            G711.DecodeMuLaw(data, decoded);
        }
        else
        {
            G711.DecodeALaw(data, decoded);
        }

        return decoded;
    }

    private static string TagName(ushort tag) => tag switch
    {
        FormatPcm => "PCM",
        3 => "IEEE float",
        FormatALaw => "A-law",
        FormatMuLaw => "µ-law",
        FormatExtensible => "extensible",
        _ => $"format tag {tag}",
    };

    private static string Describe(ReadOnlySpan<byte> fourCc)
    {
        Span<char> text = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            text[i] = fourCc[i] is >= 0x20 and < 0x7F ? (char)fourCc[i] : '?';
        }

        return $"'{text}'";
    }

    private readonly record struct Format(ushort Tag);
}

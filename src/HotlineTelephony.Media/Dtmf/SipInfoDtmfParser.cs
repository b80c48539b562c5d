namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// Reads the digit out of a SIP INFO body: <c>application/dtmf-relay</c> (<c>Signal=5\r\nDuration=160</c>, the
/// Cisco/PBX form) or <c>application/dtmf</c> (just <c>5</c>). Tolerant of case, spaces, bare LF line ends and
/// vendors that send the event code (<c>Signal=10</c> for '*', <c>11</c> for '#').
/// </summary>
public static class SipInfoDtmfParser
{
    /// <summary>
    /// Parses by content type (parameters such as <c>;charset=</c> are ignored). <paramref name="durationMilliseconds"/>
    /// is 0 when the body does not say.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> contentType, ReadOnlySpan<char> body, out char digit, out int durationMilliseconds)
    {
        int semicolon = contentType.IndexOf(';');
        ReadOnlySpan<char> mediaType = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();

        if (mediaType.Equals("application/dtmf-relay", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseDtmfRelay(body, out digit, out durationMilliseconds);
        }

        durationMilliseconds = 0;
        if (mediaType.Equals("application/dtmf", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseDtmf(body, out digit);
        }

        digit = '\0';
        return false;
    }

    /// <summary>Parses an <c>application/dtmf-relay</c> body; fails when there is no valid <c>Signal</c> line.</summary>
    public static bool TryParseDtmfRelay(ReadOnlySpan<char> body, out char digit, out int durationMilliseconds)
    {
        digit = '\0';
        durationMilliseconds = 0;
        bool found = false;

        foreach (Range lineRange in body.SplitAny('\r', '\n'))
        {
            ReadOnlySpan<char> line = body[lineRange];
            int equals = line.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            ReadOnlySpan<char> name = line[..equals].Trim();
            ReadOnlySpan<char> value = line[(equals + 1)..].Trim();
            if (name.Equals("Signal", StringComparison.OrdinalIgnoreCase))
            {
                found = TryParseSignal(value, out digit);
                if (!found)
                {
                    return false;
                }
            }
            else if (name.Equals("Duration", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int duration))
            {
                durationMilliseconds = duration;
            }
        }

        return found;
    }

    /// <summary>Parses an <c>application/dtmf</c> body: the digit alone, surrounding whitespace allowed.</summary>
    public static bool TryParseDtmf(ReadOnlySpan<char> body, out char digit) => TryParseSignal(body.Trim(), out digit);

    private static bool TryParseSignal(ReadOnlySpan<char> value, out char digit)
    {
        if (value.Length == 1)
        {
            digit = DtmfDigit.Normalize(value[0]);
            return digit != '\0';
        }

        if (value.Length == 2
            && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code))
        {
            return DtmfDigit.TryFromEventCode(code, out digit);
        }

        digit = '\0';
        return false;
    }
}

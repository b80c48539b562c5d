namespace HotlineTelephony.Media.Sessions;

/// <summary>When a leg listens for DTMF tones in the audio it receives (Goertzel), besides RFC 4733 and SIP INFO.</summary>
public enum InBandDtmfDetection
{
    /// <summary>Always (the IVR's setting: some trunks send tones in the audio even after negotiating telephone-event).</summary>
    Always,

    /// <summary>Only when the leg did not negotiate telephone-event.</summary>
    WithoutTelephoneEvent,

    /// <summary>
    /// Never: tones stay in the audio and reach the other party unchanged, but are not reported. Lets a two-party
    /// bridge relay packets without decoding them.
    /// </summary>
    Never,
}

namespace HotlineTelephony.Media.Engine;

/// <summary>One source feeding a bridge slot, stored in the sink's input list.</summary>
internal struct BridgeConnection
{
    public BridgeSlot Source;

    /// <summary>The gain the connection settles at when live.</summary>
    public float Gain;

    /// <summary>The gain applied at the end of the last tick; ramps move from here to the target over one frame.</summary>
    public float Current;

    /// <summary>Fading out; dropped once <see cref="Current"/> reaches zero.</summary>
    public bool Removing;

    /// <summary>Music to a held port: the one input hold does not suspend.</summary>
    public bool HoldMusic;
}

namespace HotlineTelephony.Media.Engine;

/// <summary>A change to a bridge's topology, queued by any thread and applied at the start of the next tick.</summary>
internal sealed class BridgeCommand
{
    public BridgeCommand(BridgeCommandKind kind, IMediaPort? a = null, IMediaPort? b = null, float gain = 1f, IMediaPort[]? ports = null)
    {
        Kind = kind;
        A = a;
        B = b;
        Gain = gain;
        Ports = ports;
    }

    public BridgeCommandKind Kind { get; }

    public IMediaPort? A { get; }

    public IMediaPort? B { get; }

    public float Gain { get; }

    public IMediaPort[]? Ports { get; }
}

namespace HotlineTelephony.Media.Engine;

/// <summary>
/// A port's place in a <see cref="ConferenceBridge"/>: its frame buffers and the connections it hears. Touched only on
/// the bridge's clock thread.
/// </summary>
internal sealed class BridgeSlot
{
    public BridgeSlot(IMediaPort port) => Port = port;

    public IMediaPort Port { get; }

    /// <summary>What the port produced this tick (or, once detached, the last frame it produced, for the fade-out).</summary>
    public readonly short[] In = new short[MediaFormat.FrameSamples];

    /// <summary>What the port hears this tick.</summary>
    public readonly short[] Out = new short[MediaFormat.FrameSamples];

    public BridgeConnection[] Inputs = new BridgeConnection[4];

    public int InputCount;

    public bool HasFrame;

    public bool NeedsRead;

    /// <summary>Nothing was mixed for this port on this tick.</summary>
    public bool Silent;

    /// <summary>The port was relayed until this tick: a silent first frame is not sent (see <see cref="ConferenceBridge"/>).</summary>
    public bool LeftRelay;

    /// <summary>Removed from the bridge: never called again, purged after the tick that fades it out.</summary>
    public bool Detached;

    public bool Held;

    /// <summary>The music slot this port hears while held.</summary>
    public BridgeSlot? HoldMusic;

    /// <summary>How many held ports hear this slot as their music.</summary>
    public int HoldListeners;

    /// <summary>The slot was added by <see cref="ConferenceBridge.Hold"/> and leaves when its last listener resumes.</summary>
    public bool AddedByHold;

    /// <summary>For a recorder's "others" channel: write what this slot hears instead of mixing inputs.</summary>
    public BridgeSlot? MirrorOf;

    public int FindInput(BridgeSlot source)
    {
        for (int i = 0; i < InputCount; i++)
        {
            if (ReferenceEquals(Inputs[i].Source, source))
            {
                return i;
            }
        }

        return -1;
    }

    public void AddInput(in BridgeConnection connection)
    {
        if (InputCount == Inputs.Length)
        {
            Array.Resize(ref Inputs, Inputs.Length * 2);
        }

        Inputs[InputCount++] = connection;
    }

    /// <summary>Drops inputs that have finished fading out or whose source is gone.</summary>
    public void CompactInputs()
    {
        int kept = 0;
        for (int i = 0; i < InputCount; i++)
        {
            ref var c = ref Inputs[i];
            bool gone = (c.Removing && c.Current == 0f) || c.Source.Detached;
            if (!gone)
            {
                Inputs[kept++] = c;
            }
        }

        for (int i = kept; i < InputCount; i++)
        {
            Inputs[i] = default;
        }

        InputCount = kept;
    }
}

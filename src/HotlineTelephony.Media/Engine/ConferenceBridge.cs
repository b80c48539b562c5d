using System.Collections.Concurrent;

namespace HotlineTelephony.Media.Engine;

/// <summary>
/// PJSIP's conference bridge of ports: every call leg, player, music source and recorder channel is a slot, and any
/// slot can feed any number of others. On each tick the bridge reads one frame from every port that feeds something,
/// mixes for every port the frames of the ports connected to it (never its own), and writes the result — silence
/// when nothing is connected, so legs keep sending RTP.
/// </summary>
/// <remarks>
/// The topology is single-threaded state owned by the clock thread, like an actor: the public methods only queue a
/// command, and the queue is drained at the start of the next tick, so a change is seen whole on one tick. New
/// connections ramp in from silence over one frame and removed ones ramp out over one frame, so joins, leaves,
/// holds and transfers do not click. A port passed to <see cref="RemovePort"/> or <see cref="Replace"/> is not
/// called again after the tick that applies the command.
/// A music port is read once per tick by each bridge it is in; give each bridge its own player over a shared clip.
/// <para>
/// Relay tier: while the bridge holds exactly two <see cref="IRelayablePort"/> legs on the same codec, connected
/// both ways at unit gain with no ramp in progress, no hold, no recorder and nothing that needs their samples, it
/// stops decoding and mixing them: their sessions relay packets to each other from the receive loops and each tick
/// only drives the sessions' RTP timeout and RTCP. The first tick on which that no longer holds (a recorder, a
/// hold, a third party) stops the relay before reading frames, so the mixer takes over on the same tick; the
/// sessions keep SSRC, sequence and timestamp continuous both ways.
/// </para>
/// </remarks>
public sealed class ConferenceBridge : IMediaTickable
{
    private const int FrameSamples = MediaFormat.FrameSamples;

    // Above this the sum of three or more talkers is bent towards full scale instead of flattened against it.
    private const int SoftKnee = 24576;
    private const int SoftRange = short.MaxValue - SoftKnee;

    private static readonly float[] RampSteps = CreateRampSteps();

    private readonly ConcurrentQueue<BridgeCommand> _commands = new();
    private readonly Dictionary<IMediaPort, BridgeSlot> _byPort = new(ReferenceEqualityComparer.Instance);
    private readonly int[] _mix = new int[FrameSamples];
    private readonly short[] _silence = new short[FrameSamples];
    private BridgeSlot[] _slots = new BridgeSlot[8];
    private int _slotCount;
    private int _portCount;
    private long _ticks;
    private volatile bool _relayEnabled = true;
    private volatile bool _relaying;
    private long _relayStarts;
    private IRelayablePort? _relayA;
    private IRelayablePort? _relayB;
    private BridgeSlot? _relaySlotA;
    private BridgeSlot? _relaySlotB;

    public ConferenceBridge(string name = "bridge") => Name = name;

    public string Name { get; }

    /// <summary>Ports in the bridge as of the last tick.</summary>
    public int PortCount => Volatile.Read(ref _portCount);

    /// <summary>Ticks this bridge has run.</summary>
    public long TickCount => Volatile.Read(ref _ticks);

    /// <summary>
    /// Whether two legs on the same codec with nothing else in the bridge are relayed packet to packet instead of
    /// mixed. Default true; turning it off takes effect on the next tick.
    /// </summary>
    public bool RelayEnabled
    {
        get => _relayEnabled;
        set => _relayEnabled = value;
    }

    /// <summary>True while the bridge relays packets between its two legs instead of mixing (as of the last tick).</summary>
    public bool IsRelaying => _relaying;

    /// <summary>How many times the bridge switched from mixing to relaying.</summary>
    public long RelayStarts => Volatile.Read(ref _relayStarts);

    /// <summary>Adds a port that hears silence and feeds nothing until connected.</summary>
    public void AddPort(IMediaPort port) => Enqueue(BridgeCommandKind.Add, NotNull(port));

    /// <summary>Removes a port and every connection to and from it; what it fed fades out over one frame.</summary>
    public void RemovePort(IMediaPort port) => Enqueue(BridgeCommandKind.Remove, NotNull(port));

    /// <summary>Lets <paramref name="sink"/> hear <paramref name="source"/> (adding either port if needed).</summary>
    public void Connect(IMediaPort source, IMediaPort sink, float gain = 1f)
    {
        if (ReferenceEquals(NotNull(source), NotNull(sink)))
        {
            throw new ArgumentException($"Port '{source.Name}' cannot be connected to itself.", nameof(sink));
        }

        if (!float.IsFinite(gain) || gain < 0f || gain > 8f)
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "Gain must be between 0 and 8.");
        }

        _commands.Enqueue(new BridgeCommand(BridgeCommandKind.Connect, source, sink, gain));
    }

    /// <summary>Stops <paramref name="sink"/> hearing <paramref name="source"/>, fading out over one frame.</summary>
    public void Disconnect(IMediaPort source, IMediaPort sink) =>
        _commands.Enqueue(new BridgeCommand(BridgeCommandKind.Disconnect, NotNull(source), NotNull(sink)));

    /// <summary>Connects two ports both ways on the same tick (caller ↔ agent).</summary>
    public void Bridge(IMediaPort a, IMediaPort b) => Conference(a, b);

    /// <summary>Connects every port to every other on the same tick: each hears all the others, never itself.</summary>
    public void Conference(params IMediaPort[] ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var copy = new IMediaPort[ports.Length];
        for (int i = 0; i < ports.Length; i++)
        {
            copy[i] = NotNull(ports[i]);
        }

        _commands.Enqueue(new BridgeCommand(BridgeCommandKind.Conference, ports: copy));
    }

    /// <summary>
    /// Puts <paramref name="port"/> on hold: it stops being heard by the others and stops hearing them, and hears
    /// <paramref name="music"/> instead (added to the bridge if needed, and removed again when no one holds on it).
    /// Its connections are kept for <see cref="Resume"/>.
    /// </summary>
    public void Hold(IMediaPort port, IMediaPort music)
    {
        if (ReferenceEquals(NotNull(port), NotNull(music)))
        {
            throw new ArgumentException("A port cannot be its own hold music.", nameof(music));
        }

        Enqueue(BridgeCommandKind.Hold, port, music);
    }

    /// <summary>Takes <paramref name="port"/> off hold: the music fades out and its connections fade back in.</summary>
    public void Resume(IMediaPort port) => Enqueue(BridgeCommandKind.Resume, NotNull(port));

    /// <summary>
    /// Moves every connection of <paramref name="oldPort"/> to <paramref name="newPort"/> on one tick and removes the old
    /// port (a transfer: whoever heard the old agent hears the new one from that tick on, and is never left alone).
    /// Hold state and recording taps move too.
    /// </summary>
    public void Replace(IMediaPort oldPort, IMediaPort newPort)
    {
        if (ReferenceEquals(NotNull(oldPort), NotNull(newPort)))
        {
            return;
        }

        Enqueue(BridgeCommandKind.Replace, oldPort, newPort);
    }

    /// <summary>
    /// Records <paramref name="caller"/> on the recorder's left channel and everything the caller hears (the other
    /// parties, or hold music) on the right. Follows the caller through transfers, joins and holds.
    /// </summary>
    public void Record(IMediaPort caller, RecorderPort recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _commands.Enqueue(new BridgeCommand(BridgeCommandKind.Record, NotNull(caller), ports: [recorder.Left, recorder.Right]));
    }

    /// <inheritdoc />
    public void Tick(long tickIndex)
    {
        while (_commands.TryDequeue(out var command))
        {
            Apply(command);
        }

        if (UpdateRelay())
        {
            Volatile.Write(ref _ticks, _ticks + 1);
            return;
        }

        var slots = _slots;
        int count = _slotCount;

        for (int s = 0; s < count; s++)
        {
            slots[s].NeedsRead = false;
        }

        for (int s = 0; s < count; s++)
        {
            var sink = slots[s];
            for (int i = 0; i < sink.InputCount; i++)
            {
                ref var c = ref sink.Inputs[i];
                if (c.Current != 0f || TargetGain(in c, sink) != 0f)
                {
                    c.Source.NeedsRead = true;
                }
            }
        }

        for (int s = 0; s < count; s++)
        {
            var slot = slots[s];
            if (slot.Detached)
            {
                // Keep the last frame: its connections fade it out this tick.
                continue;
            }

            slot.HasFrame = slot.NeedsRead && slot.Port.ReadFrame(slot.In);
        }

        for (int s = 0; s < count; s++)
        {
            var sink = slots[s];
            if (!sink.Detached && sink.MirrorOf is null)
            {
                sink.Silent = !Mix(sink);
            }
        }

        bool purge = false;
        for (int s = 0; s < count; s++)
        {
            var sink = slots[s];
            if (sink.Detached)
            {
                purge = true;
                continue;
            }

            if (sink.LeftRelay)
            {
                // First tick after a relay: the packet due now was relayed already, and the next one has not
                // arrived yet. Sending nothing (rather than a silent frame) keeps the far end's audio gapless.
                sink.LeftRelay = false;
                if (sink.Silent)
                {
                    continue;
                }
            }

            if (sink.MirrorOf is { } mirrored)
            {
                sink.Port.WriteFrame(mirrored.Detached ? _silence : mirrored.Out);
            }
            else
            {
                sink.Port.WriteFrame(sink.Out);
            }
        }

        for (int s = 0; s < count; s++)
        {
            slots[s].CompactInputs();
        }

        if (purge)
        {
            Purge();
        }

        Volatile.Write(ref _ticks, _ticks + 1);
    }

    private static float TargetGain(in BridgeConnection c, BridgeSlot sink)
    {
        if (c.Removing)
        {
            return 0f;
        }

        if (!c.HoldMusic && (c.Source.Held || sink.Held))
        {
            return 0f;
        }

        return c.Gain;
    }

    /// <summary>
    /// Starts, keeps or stops the relay for this tick; true when the bridge relays (then nothing is mixed). Stopping
    /// comes before any frame is read, so the mixer takes over on the same tick.
    /// </summary>
    private bool UpdateRelay()
    {
        bool eligible = TryGetRelayPair(out var x, out var y);
        if (_relayA is not null)
        {
            if (eligible && ReferenceEquals(x.Port, _relayA) && ReferenceEquals(y.Port, _relayB))
            {
                _relayA.Session.Tick();
                _relayB!.Session.Tick();
                return true;
            }

            StopRelay();
        }

        if (!eligible)
        {
            return false;
        }

        var a = (IRelayablePort)x.Port;
        var b = (IRelayablePort)y.Port;
        a.ResetDecoder();
        b.ResetDecoder();
        a.Session.StartRelay(b.Session, a.PayloadType);
        b.Session.StartRelay(a.Session, b.PayloadType);
        _relayA = a;
        _relayB = b;
        _relaySlotA = x;
        _relaySlotB = y;
        x.LeftRelay = false;
        y.LeftRelay = false;
        _relaying = true;
        Volatile.Write(ref _relayStarts, _relayStarts + 1);
        a.Session.Tick();
        b.Session.Tick();
        return true;
    }

    private void StopRelay()
    {
        _relayA!.Session.StopRelay();
        _relayB!.Session.StopRelay();
        _relayA.ResetDecoder();
        _relayB.ResetDecoder();
        _relaySlotA!.LeftRelay = true;
        _relaySlotB!.LeftRelay = true;
        _relayA = null;
        _relayB = null;
        _relaySlotA = null;
        _relaySlotB = null;
        _relaying = false;
    }

    /// <summary>Two relayable legs, each hearing only the other at unit gain, settled (no ramp), on one codec.</summary>
    private bool TryGetRelayPair(out BridgeSlot x, out BridgeSlot y)
    {
        x = null!;
        y = null!;
        if (!_relayEnabled || _slotCount != 2)
        {
            return false;
        }

        x = _slots[0];
        y = _slots[1];
        return x.Port is IRelayablePort a
            && y.Port is IRelayablePort b
            && HearsOnly(x, y)
            && HearsOnly(y, x)
            && a.PayloadType == b.PayloadType
            && !a.NeedsSamples
            && !b.NeedsSamples
            && !ReferenceEquals(a.Session, b.Session);
    }

    private static bool HearsOnly(BridgeSlot sink, BridgeSlot source)
    {
        if (sink.Detached || sink.Held || sink.HoldMusic is not null || sink.MirrorOf is not null || sink.HoldListeners != 0 || sink.InputCount != 1)
        {
            return false;
        }

        ref var c = ref sink.Inputs[0];
        return ReferenceEquals(c.Source, source) && !c.Removing && !c.HoldMusic && c.Gain == 1f && c.Current == 1f;
    }

    /// <summary>Mixes what <paramref name="sink"/> hears into its output frame; false when nothing was heard (silence).</summary>
    private bool Mix(BridgeSlot sink)
    {
        var mix = _mix.AsSpan();
        mix.Clear();
        int talkers = 0;
        for (int i = 0; i < sink.InputCount; i++)
        {
            ref var c = ref sink.Inputs[i];
            float from = c.Current;
            float to = TargetGain(in c, sink);
            if (from == 0f && to == 0f)
            {
                continue;
            }

            var source = c.Source;
            if (source.HasFrame)
            {
                talkers++;
                if (from != to)
                {
                    AddRamped(mix, source.In, from, to);
                }
                else if (to == 1f)
                {
                    AddUnity(mix, source.In);
                }
                else
                {
                    AddScaled(mix, source.In, to);
                }
            }

            c.Current = to;
        }

        var output = sink.Out.AsSpan();
        if (talkers == 0)
        {
            output.Clear();
        }
        else if (talkers < 3)
        {
            Clamp(mix, output);
        }
        else
        {
            SoftClip(mix, output);
        }

        return talkers > 0;
    }

    private static void AddUnity(Span<int> mix, ReadOnlySpan<short> source)
    {
        for (int i = 0; i < mix.Length; i++)
        {
            mix[i] += source[i];
        }
    }

    private static void AddScaled(Span<int> mix, ReadOnlySpan<short> source, float gain)
    {
        for (int i = 0; i < mix.Length; i++)
        {
            mix[i] += (int)(source[i] * gain);
        }
    }

    private static void AddRamped(Span<int> mix, ReadOnlySpan<short> source, float from, float to)
    {
        var steps = RampSteps.AsSpan(0, mix.Length);
        float delta = to - from;
        for (int i = 0; i < mix.Length; i++)
        {
            mix[i] += (int)(source[i] * (from + delta * steps[i]));
        }
    }

    private static void Clamp(ReadOnlySpan<int> mix, Span<short> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = (short)Math.Clamp(mix[i], short.MinValue, short.MaxValue);
        }
    }

    private static void SoftClip(ReadOnlySpan<int> mix, Span<short> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            int x = mix[i];
            int magnitude = Math.Abs(x);
            if (magnitude <= SoftKnee)
            {
                output[i] = (short)x;
                continue;
            }

            // Slope 1 at the knee, approaching full scale asymptotically: no corner, so no pop.
            long over = magnitude - SoftKnee;
            int bent = SoftKnee + (int)(SoftRange * over / (SoftRange + over));
            output[i] = (short)(x < 0 ? -bent : bent);
        }
    }

    private static float[] CreateRampSteps()
    {
        var steps = new float[FrameSamples];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = (i + 1) / (float)FrameSamples;
        }

        return steps;
    }

    private static IMediaPort NotNull(IMediaPort port, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(port))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(port, name);
        return port;
    }

    private void Enqueue(BridgeCommandKind kind, IMediaPort a, IMediaPort? b = null) =>
        _commands.Enqueue(new BridgeCommand(kind, a, b));

    private void Apply(BridgeCommand command)
    {
        switch (command.Kind)
        {
            case BridgeCommandKind.Add:
                GetOrAdd(command.A!);
                break;
            case BridgeCommandKind.Remove:
                if (_byPort.TryGetValue(command.A!, out var removed))
                {
                    Detach(removed);
                }

                break;
            case BridgeCommandKind.Connect:
                Connect(GetOrAdd(command.A!), GetOrAdd(command.B!), command.Gain, holdMusic: false);
                break;
            case BridgeCommandKind.Disconnect:
                if (_byPort.TryGetValue(command.A!, out var source) && _byPort.TryGetValue(command.B!, out var sink))
                {
                    Disconnect(source, sink);
                }

                break;
            case BridgeCommandKind.Conference:
                ApplyConference(command.Ports!);
                break;
            case BridgeCommandKind.Hold:
                ApplyHold(GetOrAdd(command.A!), command.B!);
                break;
            case BridgeCommandKind.Resume:
                if (_byPort.TryGetValue(command.A!, out var held))
                {
                    ApplyResume(held);
                }

                break;
            case BridgeCommandKind.Replace:
                if (_byPort.TryGetValue(command.A!, out var old))
                {
                    ApplyReplace(old, GetOrAdd(command.B!));
                }

                break;
            case BridgeCommandKind.Record:
                var caller = GetOrAdd(command.A!);
                Connect(caller, GetOrAdd(command.Ports![0]), 1f, holdMusic: false);
                GetOrAdd(command.Ports[1]).MirrorOf = caller;
                break;
        }
    }

    private BridgeSlot GetOrAdd(IMediaPort port)
    {
        if (_byPort.TryGetValue(port, out var slot))
        {
            return slot;
        }

        slot = new BridgeSlot(port);
        _byPort.Add(port, slot);
        if (_slotCount == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        _slots[_slotCount++] = slot;
        Volatile.Write(ref _portCount, _byPort.Count);
        return slot;
    }

    private static void Connect(BridgeSlot source, BridgeSlot sink, float gain, bool holdMusic)
    {
        int index = sink.FindInput(source);
        if (index >= 0)
        {
            ref var existing = ref sink.Inputs[index];
            existing.Gain = gain;
            existing.Removing = false;
            existing.HoldMusic = holdMusic;
            return;
        }

        sink.AddInput(new BridgeConnection { Source = source, Gain = gain, Current = 0f, HoldMusic = holdMusic });
    }

    private static void Disconnect(BridgeSlot source, BridgeSlot sink)
    {
        int index = sink.FindInput(source);
        if (index >= 0)
        {
            sink.Inputs[index].Removing = true;
        }
    }

    private void ApplyConference(IMediaPort[] ports)
    {
        for (int i = 0; i < ports.Length; i++)
        {
            for (int j = 0; j < ports.Length; j++)
            {
                if (i != j && !ReferenceEquals(ports[i], ports[j]))
                {
                    Connect(GetOrAdd(ports[i]), GetOrAdd(ports[j]), 1f, holdMusic: false);
                }
            }
        }
    }

    private void ApplyHold(BridgeSlot port, IMediaPort musicPort)
    {
        bool existed = _byPort.ContainsKey(musicPort);
        var music = GetOrAdd(musicPort);
        if (port.Held)
        {
            if (ReferenceEquals(port.HoldMusic, music))
            {
                return;
            }

            StopMusic(port);
        }

        if (!existed)
        {
            music.AddedByHold = true;
        }

        port.Held = true;
        port.HoldMusic = music;
        music.HoldListeners++;
        Connect(music, port, 1f, holdMusic: true);
    }

    private void ApplyResume(BridgeSlot port)
    {
        if (!port.Held)
        {
            return;
        }

        StopMusic(port);
        port.Held = false;
    }

    private void StopMusic(BridgeSlot port)
    {
        var music = port.HoldMusic;
        port.HoldMusic = null;
        if (music is null)
        {
            return;
        }

        Disconnect(music, port);
        music.HoldListeners--;
        if (music.AddedByHold && music.HoldListeners == 0)
        {
            Detach(music);
        }
    }

    private void ApplyReplace(BridgeSlot old, BridgeSlot replacement)
    {
        // What the old port heard, the new one hears (hold music included).
        for (int i = 0; i < old.InputCount; i++)
        {
            ref var c = ref old.Inputs[i];
            if (!c.Removing && !ReferenceEquals(c.Source, replacement) && replacement.FindInput(c.Source) < 0)
            {
                replacement.AddInput(c);
            }
        }

        // Whoever heard the old port hears the new one, fading across on the same tick.
        var slots = _slots;
        for (int s = 0; s < _slotCount; s++)
        {
            var sink = slots[s];
            int index = sink.FindInput(old);
            if (index < 0)
            {
                continue;
            }

            ref var c = ref sink.Inputs[index];
            if (!c.Removing && !ReferenceEquals(sink, replacement))
            {
                Connect(replacement, sink, c.Gain, c.HoldMusic);
            }

            c.Removing = true;
        }

        for (int s = 0; s < _slotCount; s++)
        {
            if (ReferenceEquals(slots[s].MirrorOf, old))
            {
                slots[s].MirrorOf = replacement;
            }
        }

        if (old.Held)
        {
            replacement.Held = true;
            replacement.HoldMusic = old.HoldMusic;
            old.Held = false;
            old.HoldMusic = null;
        }

        old.InputCount = 0;
        Detach(old);
    }

    private void Detach(BridgeSlot slot)
    {
        if (slot.Held)
        {
            StopMusic(slot);
            slot.Held = false;
        }

        slot.Detached = true;
        slot.InputCount = 0;
        _byPort.Remove(slot.Port);
        Volatile.Write(ref _portCount, _byPort.Count);

        // Everyone who heard it fades it out this tick, from its last frame.
        for (int s = 0; s < _slotCount; s++)
        {
            int index = _slots[s].FindInput(slot);
            if (index >= 0)
            {
                _slots[s].Inputs[index].Removing = true;
            }
        }
    }

    private void Purge()
    {
        int kept = 0;
        for (int s = 0; s < _slotCount; s++)
        {
            var slot = _slots[s];
            if (!slot.Detached)
            {
                _slots[kept++] = slot;
            }
            else if (slot.HoldListeners > 0)
            {
                // A removed music port: its listeners hear silence rather than a dangling slot.
                for (int t = 0; t < _slotCount; t++)
                {
                    if (ReferenceEquals(_slots[t].HoldMusic, slot))
                    {
                        _slots[t].HoldMusic = null;
                    }
                }
            }
        }

        Array.Clear(_slots, kept, _slotCount - kept);
        _slotCount = kept;
    }
}

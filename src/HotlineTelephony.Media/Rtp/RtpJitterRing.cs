namespace HotlineTelephony.Media.Rtp;

/// <summary>
/// A small reorder ring for received audio payloads, keyed by sequence number: one slot per sequence number modulo
/// the capacity, played out in sequence order one call per tick. A missing packet is waited for one tick (so a
/// packet overtaken by its successor is still played in order), then skipped. Packets older than the playout point
/// and duplicates are dropped. Sequence numbers used by non-audio packets (telephone-event, comfort noise) are
/// marked so playout steps over them without waiting. Not thread-safe: the session serialises calls.
/// </summary>
internal sealed class RtpJitterRing
{
    private const int Capacity = 8;
    private const int ResyncDistance = 100;

    // Allocated with the first packet: a session that never receives audio (a call ended during set-up, a spare
    // socket pair) costs nothing here.
    private byte[]? _payloads;
    private readonly int _slotBytes;
    private readonly Slot[] _slots = new Slot[Capacity];
    private bool _started;
    private ushort _next;
    private int _count;
    private bool _waited;

    public RtpJitterRing(int slotBytes)
    {
        _slotBytes = slotBytes;
    }

    /// <summary>Packets dropped because their turn had passed or they were already buffered.</summary>
    public long LateOrDuplicate { get; private set; }

    /// <summary>Packets dropped because the payload did not fit a slot.</summary>
    public long Oversized { get; private set; }

    /// <summary>Sequence numbers given up on (skipped at playout or pushed out by a burst).</summary>
    public long Skipped { get; private set; }

    public int Count => _count;

    /// <summary>Forgets everything buffered; the next packet starts playout afresh (new SSRC, hold resume).</summary>
    public void Reset()
    {
        Array.Clear(_slots);
        _count = 0;
        _started = false;
        _waited = false;
    }

    public void Add(ushort sequence, byte payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > _slotBytes)
        {
            Oversized++;
            return;
        }

        if (!Place(sequence))
        {
            return;
        }

        ref var slot = ref _slots[sequence & (Capacity - 1)];
        slot = new Slot(true, false, sequence, payloadType, marker, timestamp, payload.Length);
        _payloads ??= new byte[Capacity * _slotBytes];
        payload.CopyTo(_payloads.AsSpan((sequence & (Capacity - 1)) * _slotBytes));
        _count++;
    }

    /// <summary>Marks a sequence number as carrying no audio so playout does not wait for it.</summary>
    public void AddPlaceholder(ushort sequence)
    {
        if (Place(sequence))
        {
            _slots[sequence & (Capacity - 1)] = new Slot(true, true, sequence, 0, false, 0, 0);
            _count++;
        }
    }

    /// <summary>
    /// Takes the next payload in sequence order into <paramref name="destination"/>; returns its length, or -1 when
    /// nothing is due this tick.
    /// </summary>
    public int Take(Span<byte> destination, out byte payloadType, out bool marker, out uint timestamp) =>
        Take(destination, out payloadType, out marker, out timestamp, out _);

    /// <inheritdoc cref="Take(Span{byte}, out byte, out bool, out uint)"/>
    public int Take(Span<byte> destination, out byte payloadType, out bool marker, out uint timestamp, out ushort sequence)
    {
        sequence = 0;
        payloadType = 0;
        marker = false;
        timestamp = 0;
        while (_count > 0)
        {
            ref var slot = ref _slots[_next & (Capacity - 1)];
            if (slot.Occupied && slot.Sequence == _next)
            {
                slot.Occupied = false;
                _count--;
                _next++;
                _waited = false;
                if (slot.Placeholder)
                {
                    continue;
                }

                payloadType = slot.PayloadType;
                sequence = slot.Sequence;
                marker = slot.Marker;
                timestamp = slot.Timestamp;
                int length = Math.Min(slot.Length, destination.Length);
                _payloads!.AsSpan((slot.Sequence & (Capacity - 1)) * _slotBytes, length).CopyTo(destination);
                return length;
            }

            if (!_waited)
            {
                // Give a reordered packet one tick to arrive before conceding the loss.
                _waited = true;
                return -1;
            }

            _waited = false;
            _next++;
            Skipped++;
        }

        return -1;
    }

    private bool Place(ushort sequence)
    {
        if (!_started)
        {
            _started = true;
            _next = sequence;
        }

        int distance = (short)(ushort)(sequence - _next);
        if (distance < 0)
        {
            if (distance > -ResyncDistance)
            {
                LateOrDuplicate++;
                return false;
            }

            Resync(sequence);
            return true;
        }

        if (distance >= Capacity)
        {
            if (distance >= ResyncDistance)
            {
                Resync(sequence);
                return true;
            }

            // A burst ran past the ring: give up on the oldest sequence numbers to make room.
            while ((ushort)(sequence - _next) >= Capacity)
            {
                ref var old = ref _slots[_next & (Capacity - 1)];
                if (old.Occupied && old.Sequence == _next)
                {
                    old.Occupied = false;
                    _count--;
                }

                Skipped++;
                _next++;
            }

            _waited = false;
        }

        ref var slot = ref _slots[sequence & (Capacity - 1)];
        if (slot.Occupied && slot.Sequence == sequence)
        {
            LateOrDuplicate++;
            return false;
        }

        return true;
    }

    private void Resync(ushort sequence)
    {
        Array.Clear(_slots);
        _count = 0;
        _next = sequence;
        _waited = false;
    }

    private struct Slot(bool occupied, bool placeholder, ushort sequence, byte payloadType, bool marker, uint timestamp, int length)
    {
        public bool Occupied = occupied;
        public readonly bool Placeholder = placeholder;
        public readonly ushort Sequence = sequence;
        public readonly byte PayloadType = payloadType;
        public readonly bool Marker = marker;
        public readonly uint Timestamp = timestamp;
        public readonly int Length = length;
    }
}

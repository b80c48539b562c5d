using System.Buffers;

namespace HotlineTelephony.Sip.Transports;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over ArrayPool arrays whose filled array can be handed off
/// (<see cref="Detach"/>) to a send queue, which returns it to the pool after the write. One instance is
/// cached per thread because serialisation is synchronous, so a send costs no writer allocation.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    [ThreadStatic]
    private static PooledBufferWriter? t_cached;

    private byte[] _buffer = [];
    private int _written;

    public static PooledBufferWriter ForCurrentThread()
    {
        var w = t_cached ??= new PooledBufferWriter();
        w._written = 0;
        return w;
    }

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Gives up the filled pooled array; the caller must return it to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public byte[] Detach(out int length)
    {
        var b = _buffer;
        length = _written;
        _buffer = [];
        _written = 0;
        return b;
    }

    private void Ensure(int sizeHint)
    {
        int need = _written + Math.Max(sizeHint, 1);
        if (need <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(need, Math.Max(1024, _buffer.Length * 2)));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }
}

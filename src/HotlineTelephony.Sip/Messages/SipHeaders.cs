using System.Text;

namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// The header fields of one message, in wire order. Parsed fields point into the received bytes and are
/// turned into strings only when somebody reads them; fields added by the stack carry their string.
/// Unknown headers are kept so a B2BUA or proxy can pass them on.
/// </summary>
public sealed class SipHeaders
{
    private struct Entry
    {
        public int NameStart;
        public int ValueStart;
        public int ValueLength;
        public int NameLength;
        public HeaderId Id;
        public bool Folded;
        public string? Name;
        public string? Value;
    }

    private ReadOnlyMemory<byte> _source;
    private Entry[] _entries;
    private int _count;

    public SipHeaders() : this(ReadOnlyMemory<byte>.Empty, 8)
    {
    }

    internal SipHeaders(ReadOnlyMemory<byte> source, int capacity)
    {
        _source = source;
        _entries = new Entry[Math.Max(capacity, 4)];
    }

    public int Count => _count;

    public HeaderId IdAt(int index) => _entries[CheckIndex(index)].Id;

    /// <summary>The header's name: canonical spelling for known headers, as received for unknown ones.</summary>
    public string NameAt(int index)
    {
        ref var e = ref _entries[CheckIndex(index)];
        return e.Name ??= HeaderNames.Materialise(_source.Span.Slice(e.NameStart, e.NameLength));
    }

    /// <summary>The whole field value (folded lines joined by one space), trimmed.</summary>
    public string ValueAt(int index)
    {
        ref var e = ref _entries[CheckIndex(index)];
        return e.Value ??= MaterialiseValue(_source.Span.Slice(e.ValueStart, e.ValueLength), e.Folded);
    }

    /// <summary>The value as received, without allocating (null span for fields the stack added).</summary>
    public ReadOnlySpan<byte> RawValueAt(int index)
    {
        ref var e = ref _entries[CheckIndex(index)];
        return e.Value is null ? _source.Span.Slice(e.ValueStart, e.ValueLength) : default;
    }

    public bool Contains(HeaderId id) => IndexOf(id) >= 0;

    public int IndexOf(HeaderId id, int start = 0)
    {
        for (int i = start; i < _count; i++)
        {
            if (_entries[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    public int CountOf(HeaderId id)
    {
        int n = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_entries[i].Id == id)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>The first field's whole value, or null.</summary>
    public string? Get(HeaderId id)
    {
        int i = IndexOf(id);
        return i < 0 ? null : ValueAt(i);
    }

    /// <summary>Looks a header up by any spelling (long, compact, any case), including unknown ones.</summary>
    public string? Get(string name)
    {
        var id = HeaderNames.Lookup(name);
        if (id != HeaderId.Unknown)
        {
            return Get(id);
        }

        for (int i = 0; i < _count; i++)
        {
            if (_entries[i].Id == HeaderId.Unknown && string.Equals(NameAt(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return ValueAt(i);
            }
        }

        return null;
    }

    /// <summary>
    /// Every value of a header, whether sent as repeated fields or comma-joined on one line (commas inside
    /// quotes and angle brackets are not separators).
    /// </summary>
    public List<string> GetValues(HeaderId id)
    {
        var result = new List<string>();
        for (int i = 0; i < _count; i++)
        {
            if (_entries[i].Id != id)
            {
                continue;
            }

            if (HeaderNames.IsMultiValue(id))
            {
                HeaderValueSplitter.Split(ValueAt(i), result);
            }
            else
            {
                result.Add(ValueAt(i));
            }
        }

        return result;
    }

    /// <summary>The first value of a multi-value header (the top Via even when Vias are comma-joined).</summary>
    /// <remarks>Always the same as the first element of <see cref="GetValues"/>: empty fields and list elements are skipped.</remarks>
    public string? GetFirstValue(HeaderId id)
    {
        int i = IndexOf(id);
        if (i < 0)
        {
            return null;
        }

        if (!HeaderNames.IsMultiValue(id))
        {
            return ValueAt(i);
        }

        for (; i >= 0; i = IndexOf(id, i + 1))
        {
            var first = HeaderValueSplitter.First(ValueAt(i));
            if (first.Length != 0)
            {
                return first;
            }
        }

        return null;
    }

    public void Add(HeaderId id, string value) => Insert(_count, id, value);

    public void Add(string name, string value)
    {
        var id = HeaderNames.Lookup(name);
        Insert(_count, id, value, id == HeaderId.Unknown ? name : null);
    }

    public void Insert(int index, HeaderId id, string value, string? unknownName = null)
    {
        if (id == HeaderId.Unknown && unknownName is null)
        {
            throw new ArgumentException("An unknown header needs a name.", nameof(unknownName));
        }

        if ((uint)index > (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        Grow();
        Array.Copy(_entries, index, _entries, index + 1, _count - index);
        _entries[index] = new Entry
        {
            Id = id,
            Name = id == HeaderId.Unknown ? unknownName : HeaderNames.Canonical(id),
            Value = value,
        };
        _count++;
    }

    /// <summary>Replaces every field of this header with one field holding <paramref name="value"/>.</summary>
    public void Set(HeaderId id, string value)
    {
        int i = IndexOf(id);
        if (i < 0)
        {
            Add(id, value);
            return;
        }

        _entries[i].Value = value;
        _entries[i].Folded = false;
        RemoveAll(id, i + 1);
    }

    public void SetAt(int index, string value)
    {
        _entries[CheckIndex(index)].Value = value;
    }

    public int RemoveAll(HeaderId id) => RemoveAll(id, 0);

    public void RemoveAt(int index)
    {
        CheckIndex(index);
        Array.Copy(_entries, index + 1, _entries, index, _count - index - 1);
        _count--;
        _entries[_count] = default;
    }

    /// <summary>
    /// Removes the first value of a header: the whole field, or just its first comma-joined value
    /// (what a proxy does to the top Via of a response).
    /// </summary>
    /// <remarks>Fields with no value before it (<c>Via: ,</c>) go too, so the value removed is <see cref="GetFirstValue"/>.</remarks>
    public void RemoveFirstValue(HeaderId id)
    {
        var values = new List<string>();
        for (int i = IndexOf(id); i >= 0; i = IndexOf(id, i))
        {
            values.Clear();
            HeaderValueSplitter.Split(ValueAt(i), values);
            if (values.Count <= 1)
            {
                RemoveAt(i);
                if (values.Count == 1)
                {
                    return;
                }
            }
            else
            {
                _entries[i].Value = string.Join(", ", values.GetRange(1, values.Count - 1));
                _entries[i].Folded = false;
                return;
            }
        }
    }

    /// <summary>Copies every field (strings materialised) into a new, independent collection.</summary>
    public SipHeaders Clone()
    {
        var copy = new SipHeaders(ReadOnlyMemory<byte>.Empty, _count + 4);
        for (int i = 0; i < _count; i++)
        {
            copy.Insert(copy._count, _entries[i].Id, ValueAt(i), _entries[i].Id == HeaderId.Unknown ? NameAt(i) : null);
        }

        return copy;
    }

    /// <summary>
    /// A copy of the dialog-identifying fields only (Via, From, To, Call-ID, CSeq), strings materialised, sharing
    /// nothing with the received bytes: what a finished transaction or dialog still reads during its 64·T1 linger.
    /// </summary>
    internal SipHeaders CopyIdentity()
    {
        int n = 0;
        for (int i = 0; i < _count; i++)
        {
            if (IsIdentity(_entries[i].Id))
            {
                n++;
            }
        }

        var copy = new SipHeaders(ReadOnlyMemory<byte>.Empty, n);
        for (int i = 0; i < _count; i++)
        {
            if (IsIdentity(_entries[i].Id))
            {
                copy.Insert(copy._count, _entries[i].Id, ValueAt(i));
            }
        }

        return copy;

        static bool IsIdentity(HeaderId id) => id is HeaderId.Via or HeaderId.From or HeaderId.To or HeaderId.CallId or HeaderId.CSeq;
    }

    internal void AddParsed(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, bool folded)
    {
        Grow();
        _entries[_count++] = new Entry
        {
            Id = id,
            NameStart = nameStart,
            NameLength = nameLength,
            ValueStart = valueStart,
            ValueLength = valueLength,
            Folded = folded,
        };
    }

    private int RemoveAll(HeaderId id, int start)
    {
        int removed = 0;
        for (int i = _count - 1; i >= start; i--)
        {
            if (_entries[i].Id == id)
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    private void Grow()
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
    }

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(index));
        }

        return index;
    }

    private static string MaterialiseValue(ReadOnlySpan<byte> raw, bool folded)
    {
        if (!folded)
        {
            return Encoding.UTF8.GetString(raw);
        }

        // Unfold (RFC 3261 §7.3.1): each CRLF (or bare LF) followed by whitespace becomes a single space.
        var sb = new StringBuilder(raw.Length);
        var text = Encoding.UTF8.GetString(raw);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\r' or '\n')
            {
                while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or ' ' or '\t')
                {
                    i++;
                }

                while (sb.Length > 0 && sb[^1] is ' ' or '\t')
                {
                    sb.Length--;
                }

                sb.Append(' ');
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}

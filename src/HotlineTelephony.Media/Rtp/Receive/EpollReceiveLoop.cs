using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>
/// One receive thread and one Linux epoll instance for the sockets given to it (rtpengine's model): the thread
/// waits in <c>epoll_wait</c> for any of them, reads each ready socket with one non-blocking <c>recvmmsg</c> of up to
/// <see cref="Batch"/> datagrams into native buffers owned by the loop, and hands every datagram to the socket's
/// handler on this thread. Nothing is allocated per datagram and no receive is left pending per socket.
/// </summary>
/// <remarks>
/// Readiness is level-triggered, so a socket with more than a batch waiting is simply reported again on the next
/// wait, after the other ready sockets had their turn. Registration changes (<see cref="Add"/>,
/// <see cref="Remove"/>, <see cref="Dispose"/>) come from other threads under one lock the receive thread never
/// takes; the thread finds a socket through the integer token in its epoll data and checks the registration is
/// still current. An eventfd in the same epoll set wakes the thread to finish removals and to stop.
/// </remarks>
internal sealed unsafe class EpollReceiveLoop : IReceiveLoop, IDisposable
{
    /// <summary>Datagrams read from one ready socket before the next ready socket gets its turn.</summary>
    public const int Batch = 16;

    private const int MaxEvents = 256;
    private const int BufferBytes = 2048;

    // sizeof(struct sockaddr_storage): any address family fits.
    private const int NameBytes = 128;
    private const ulong WakeToken = ulong.MaxValue;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private readonly int _epoll;
    private readonly int _wake;

    // Native memory, receive thread only: epoll events, recvmmsg headers, their iovecs, buffers and source addresses.
    private readonly byte* _events;
    private readonly LinuxInterop.MMsgHdr* _messages;
    private readonly LinuxInterop.IoVec* _iov;
    private readonly byte* _buffers;
    private readonly byte* _names;
    private readonly SocketAddress _ipv4Source = new(AddressFamily.InterNetwork);
    private readonly SocketAddress _ipv6Source = new(AddressFamily.InterNetworkV6);

    // Removed registrations whose Stopped completes once the thread has finished the batch it is in.
    private readonly ConcurrentQueue<EpollRegistration> _removing = new();

    // Under _gate (the slot array is also read by the receive thread, which never writes it).
    private readonly Stack<int> _freeSlots = new();
    private EpollRegistration?[] _slots = new EpollRegistration?[64];
    private int _usedSlots;
    private uint _generation;
    private int _registrations;
    private volatile bool _stopped;

    private int _wakePending;

    // The thread and Dispose each hold one share of the native resources; the last to let go frees them.
    private int _owners = 2;

    private long _datagrams;
    private long _receiveErrors;
    private long _handlerFaults;

    public EpollReceiveLoop(string name)
    {
        _epoll = LinuxInterop.EpollCreate(LinuxInterop.EpollCloexec);
        if (_epoll < 0)
        {
            throw Failure("epoll_create1");
        }

        _wake = LinuxInterop.EventFd(0, LinuxInterop.EventFdCloexec | LinuxInterop.EventFdNonBlock);
        if (_wake < 0 || LinuxInterop.EpollControl(_epoll, LinuxInterop.EpollCtlAdd, _wake, WakeToken) != 0)
        {
            var failure = Failure(_wake < 0 ? "eventfd" : "epoll_ctl");
            if (_wake >= 0)
            {
                LinuxInterop.Close(_wake);
            }

            LinuxInterop.Close(_epoll);
            throw failure;
        }

        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * LinuxInterop.EpollEventSize));
        _messages = (LinuxInterop.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Batch * sizeof(LinuxInterop.MMsgHdr)));
        _iov = (LinuxInterop.IoVec*)NativeMemory.AllocZeroed((nuint)(Batch * sizeof(LinuxInterop.IoVec)));
        _buffers = (byte*)NativeMemory.AllocZeroed(Batch * BufferBytes);
        _names = (byte*)NativeMemory.AllocZeroed(Batch * NameBytes);
        for (int i = 0; i < Batch; i++)
        {
            _iov[i].Base = _buffers + (i * BufferBytes);
            _iov[i].Length = BufferBytes;
            _messages[i].Header.Iov = &_iov[i];
            _messages[i].Header.IovLength = 1;
            _messages[i].Header.Name = _names + (i * NameBytes);
            _messages[i].Header.NameLength = NameBytes;
        }

        Name = name;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public string Name { get; }

    public int RegistrationCount => Volatile.Read(ref _registrations);

    /// <summary>Datagrams handed to handlers since the loop started.</summary>
    public long Datagrams => Interlocked.Read(ref _datagrams);

    /// <summary><c>recvmmsg</c> failures other than "nothing to read" and the ICMP errors UDP reports (see udp(7)).</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Handler calls that threw (a bug): the datagram is dropped and the loop goes on.</summary>
    public long HandlerFaults => Interlocked.Read(ref _handlerFaults);

    public bool IsStopped => _stopped;

    /// <summary>True while the receive thread runs.</summary>
    internal bool IsThreadAlive => _thread.IsAlive;

    /// <summary>True once the epoll and eventfd descriptors are closed and the native buffers freed.</summary>
    internal bool IsReleased => Volatile.Read(ref _owners) == 0;

    public ReceiveRegistration Add(Socket socket, DatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _usedSlots++;
            if (slot >= _slots.Length)
            {
                var grown = new EpollRegistration?[_slots.Length * 2];
                _slots.CopyTo(grown, 0);
                Volatile.Write(ref _slots, grown);
            }

            // Generation in the high half: a slot reused for another socket gets another token.
            ulong token = ((ulong)++_generation << 32) | (uint)slot;
            var registration = new EpollRegistration(this, socket, handler, token, slot);
            Volatile.Write(ref _slots[slot], registration);
            bool added = false;
            try
            {
                registration.Handle.DangerousAddRef(ref added);
                int fd = (int)registration.Handle.DangerousGetHandle();
                if (LinuxInterop.EpollControl(_epoll, LinuxInterop.EpollCtlAdd, fd, token) != 0)
                {
                    throw Failure("epoll_ctl(EPOLL_CTL_ADD)");
                }
            }
            catch
            {
                registration.MarkRemoved();
                Volatile.Write(ref _slots[slot], null);
                _freeSlots.Push(slot);
                throw;
            }
            finally
            {
                if (added)
                {
                    registration.Handle.DangerousRelease();
                }
            }

            _registrations++;
            return registration;
        }
    }

    /// <summary>Stops the thread; sockets still registered are no longer read (their owners close them as usual).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            SignalWake();
        }

        if (Thread.CurrentThread != _thread)
        {
            // A handler that blocks would hold this up; the thread then frees the native resources when it ends.
            _thread.Join(StopTimeout);
        }

        ReleaseOwner();
    }

    internal void Remove(EpollRegistration registration)
    {
        lock (_gate)
        {
            if (!registration.MarkRemoved())
            {
                return;
            }

            Volatile.Write(ref _slots[registration.Slot], null);
            _freeSlots.Push(registration.Slot);
            _registrations--;
            if (_stopped)
            {
                registration.CompleteStopped();
                return;
            }

            bool added = false;
            try
            {
                registration.Handle.DangerousAddRef(ref added);
                LinuxInterop.EpollControl(_epoll, LinuxInterop.EpollCtlDel, (int)registration.Handle.DangerousGetHandle(), 0);
            }
            catch (ObjectDisposedException)
            {
                // Closed before being removed: closing took it out of the epoll set already.
            }
            finally
            {
                if (added)
                {
                    registration.Handle.DangerousRelease();
                }
            }

            _removing.Enqueue(registration);
            if (Thread.CurrentThread != _thread)
            {
                // On the receive thread itself (a handler closing its session) the batch's end completes it anyway.
                SignalWake();
            }
        }
    }

    // Optimized from the start: this loop runs for the life of the process, so it would otherwise be moved from
    // tier 0 to optimized code mid-loop (on-stack replacement), which costs a one-off allocation on this thread.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run()
    {
        try
        {
            while (!_stopped)
            {
                int ready = LinuxInterop.EpollWait(_epoll, _events, MaxEvents, -1);
                if (ready < 0)
                {
                    int error = Marshal.GetLastPInvokeError();
                    if (error == LinuxInterop.EIntr)
                    {
                        continue;
                    }

                    // EBADF/EFAULT/EINVAL: cannot happen with our own descriptors; say so loudly rather than spin.
                    throw Failure("epoll_wait", error);
                }

                for (int i = 0; i < ready; i++)
                {
                    ulong token = *(ulong*)(_events + (i * LinuxInterop.EpollEventSize) + LinuxInterop.EpollDataOffset);
                    if (token == WakeToken)
                    {
                        ResetWake();
                    }
                    else
                    {
                        Drain(token);
                    }
                }

                FinishRemovals();
            }
        }
        finally
        {
            FinishRemovals();
            ReleaseOwner();
        }
    }

    /// <summary>Reads one ready socket: one <c>recvmmsg</c>, then each datagram to the handler.</summary>
    private void Drain(ulong token)
    {
        var slots = Volatile.Read(ref _slots);
        uint slot = (uint)token;
        if (slot >= (uint)slots.Length || Volatile.Read(ref slots[slot]) is not { } registration
            || registration.Token != token || registration.IsRemoved)
        {
            // Stale: the socket was removed after epoll_wait reported it.
            return;
        }

        var handle = registration.Handle;
        bool added = false;
        try
        {
            // Keeps the descriptor from being closed (and its number reused) while recvmmsg runs.
            handle.DangerousAddRef(ref added);
            int count = LinuxInterop.RecvMMsg((int)handle.DangerousGetHandle(), _messages, Batch, LinuxInterop.MsgDontWait, null);
            if (count < 0)
            {
                // EAGAIN: someone else read it. ECONNREFUSED and friends: an ICMP error from an earlier send, now
                // consumed; the socket is fine and still registered.
                int error = Marshal.GetLastPInvokeError();
                if (error != LinuxInterop.EAgain && error != LinuxInterop.EIntr && !IsIcmpError(error))
                {
                    Interlocked.Increment(ref _receiveErrors);
                }

                return;
            }

            for (int i = 0; i < count; i++)
            {
                ref var message = ref _messages[i];
                // Longer than the buffer: dropped, as the async loop drops it (MessageSize).
                if ((message.Header.Flags & LinuxInterop.MsgTrunc) == 0 && !registration.IsRemoved)
                {
                    Deliver(registration, new ReadOnlySpan<byte>(_buffers + (i * BufferBytes), (int)message.Length), message.Header.Name, message.Header.NameLength);
                }

                message.Header.NameLength = NameBytes;
                message.Header.Flags = 0;
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed without being removed first: nothing more to read from it.
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void Deliver(EpollRegistration registration, ReadOnlySpan<byte> datagram, void* name, uint nameLength)
    {
        var source = registration.Family == AddressFamily.InterNetwork ? _ipv4Source : _ipv6Source;
        var target = source.Buffer.Span;
        int length = (int)Math.Min(nameLength, (uint)target.Length);
        new ReadOnlySpan<byte>(name, length).CopyTo(target);
        source.Size = length;
        _datagrams++;
        try
        {
            registration.Handler(datagram, source);
        }
        catch (Exception)
        {
            // One bad datagram must not take every other socket of this thread down with it.
            Interlocked.Increment(ref _handlerFaults);
        }
    }

    private void FinishRemovals()
    {
        while (_removing.TryDequeue(out var registration))
        {
            registration.CompleteStopped();
        }
    }

    /// <summary>Under <see cref="_gate"/>, while the descriptors are open.</summary>
    private void SignalWake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            ulong one = 1;
            LinuxInterop.Write(_wake, &one, sizeof(ulong));
        }
    }

    private void ResetWake()
    {
        // Read, then clear. The read takes the whole counter, so clearing first would let a wake signalled in between
        // be swallowed while its flag stays set, and no later SignalWake would write again: every removal after it
        // would wait for a datagram that may never come. A signaller that still sees the flag set before it is
        // cleared has already queued its work, and FinishRemovals at the end of this batch takes it.
        ulong value;
        LinuxInterop.Read(_wake, &value, sizeof(ulong));
        Volatile.Write(ref _wakePending, 0);
    }

    private void ReleaseOwner()
    {
        if (Interlocked.Decrement(ref _owners) != 0)
        {
            return;
        }

        LinuxInterop.Close(_wake);
        LinuxInterop.Close(_epoll);
        NativeMemory.Free(_events);
        NativeMemory.Free(_messages);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_buffers);
        NativeMemory.Free(_names);
    }

    private static bool IsIcmpError(int error) =>
        error is 111 /* ECONNREFUSED */ or 113 /* EHOSTUNREACH */ or 101 /* ENETUNREACH */ or 104 /* ECONNRESET */
            or 90 /* EMSGSIZE */ or 112 /* EHOSTDOWN */ or 92 /* ENOPROTOOPT */ or 71 /* EPROTO */;

    private static InvalidOperationException Failure(string call, int? error = null)
    {
        int errno = error ?? Marshal.GetLastPInvokeError();
        return new InvalidOperationException(
            $"{call} failed for the epoll receive loop: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}). Media:ReceiveLoop=async reads RTP without epoll.");
    }
}

using System.Runtime.InteropServices;

namespace HotlineTelephony.Media.Rtp.Receive;

/// <summary>The few Linux system calls of <see cref="EpollReceiveLoop"/>, straight from libc.</summary>
/// <remarks>
/// <c>struct epoll_event</c> is packed on x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere
/// (16 bytes, data at offset 8), so events are read and written as bytes at <see cref="EpollEventSize"/> and
/// <see cref="EpollDataOffset"/> rather than through a struct whose layout would be right on one of them only.
/// </remarks>
internal static unsafe partial class LinuxInterop
{
    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const uint EpollIn = 0x001;
    public const int EventFdCloexec = 0x80000;
    public const int EventFdNonBlock = 0x800;
    public const int MsgDontWait = 0x40;
    public const int MsgTrunc = 0x20;

    public const int EIntr = 4;
    public const int EAgain = 11;

    private const string LibC = "libc";

    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport(LibC, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport(LibC, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epoll, int operation, int fd, byte* eventData);

    [LibraryImport(LibC, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport(LibC, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(LibC, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(LibC, EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    /// <summary>Adds or removes <paramref name="fd"/> for EPOLLIN (level-triggered) with <paramref name="token"/> as its data.</summary>
    public static int EpollControl(int epoll, int operation, int fd, ulong token)
    {
        byte* eventData = stackalloc byte[16];
        new Span<byte>(eventData, 16).Clear();
        *(uint*)eventData = EpollIn;
        // Unaligned on x86-64 (offset 4), where that is allowed.
        *(ulong*)(eventData + EpollDataOffset) = token;
        return EpollCtl(epoll, operation, fd, eventData);
    }

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c>, natural C layout (56 bytes on 64-bit, trailing padding included).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c>: a message header and the length received into it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}

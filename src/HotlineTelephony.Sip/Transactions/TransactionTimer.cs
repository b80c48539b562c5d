namespace HotlineTelephony.Sip.Transactions;

/// <summary>Which timer fired; boxed once so scheduling allocates nothing.</summary>
internal enum TransactionTimer
{
    A,
    B,
    D,
    E,
    F,
    G,
    H,
    I,
    J,
    K,
    L,
    M,

    /// <summary>The 200 ms wait before an INVITE server transaction sends its own 100 Trying.</summary>
    Trying,
}

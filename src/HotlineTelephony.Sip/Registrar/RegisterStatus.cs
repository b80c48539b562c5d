namespace HotlineTelephony.Sip.Registrar;

/// <summary>Whether a <see cref="RegisterUpdate"/> was applied.</summary>
public enum RegisterStatus
{
    /// <summary>Applied.</summary>
    Updated,

    /// <summary>
    /// Nothing changed: a binding the update touches was made by the same Call-ID with an equal or higher CSeq,
    /// so this REGISTER is older than what the store holds (§10.3 steps 6–7).
    /// </summary>
    OutOfOrder,
}

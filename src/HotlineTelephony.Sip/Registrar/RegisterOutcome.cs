namespace HotlineTelephony.Sip.Registrar;

/// <summary>The result of <see cref="ILocationStore.UpdateAsync"/>: the status and the AOR's bindings afterwards.</summary>
public readonly record struct RegisterOutcome(RegisterStatus Status, IReadOnlyList<ContactBinding> Bindings);

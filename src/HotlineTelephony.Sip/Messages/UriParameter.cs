namespace HotlineTelephony.Sip.Messages;

/// <summary>One <c>;name=value</c> (or valueless <c>;name</c>) parameter of a URI or header.</summary>
public readonly record struct UriParameter(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : Name + "=" + Value;
}

namespace HotlineTelephony.Sip.Authentication;

/// <summary>What a peer trusted by source address is, so call routing can treat emergency gateways specially.</summary>
public enum TrustedPeerKind
{
    Carrier,
    Emergency,
}

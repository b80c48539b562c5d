namespace HotlineTelephony.Media.Engine;

internal enum BridgeCommandKind
{
    Add,
    Remove,
    Connect,
    Disconnect,
    Conference,
    Hold,
    Resume,
    Replace,
    Record,
}

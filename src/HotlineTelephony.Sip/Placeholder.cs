namespace HotlineTelephony.Sip; internal static class Placeholder {}

using System.Data.Common;

namespace HotlineTelephony.Tickets.Tests.Support;

/// <summary>A database error the tests inject (what a lost connection or a full disk looks like to the store).</summary>
public sealed class InjectedDbException(string message) : DbException(message);

using Xunit.Abstractions;
using Xunit.Sdk;

namespace HotlineTelephony.Tickets.Tests.Support;

/// <summary>
/// A fact of a provider contract (a test class whose name says Postgres runs on PostgreSQL). Skipped with a clear
/// reason when PostgreSQL is not configured, unless HOTLINE_REQUIRE_POSTGRES=1, where the test runs and fails.
/// </summary>
[XunitTestCaseDiscoverer("HotlineTelephony.Tickets.Tests.Support.ProviderFactDiscoverer", "HotlineTelephony.Tickets.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ProviderFactAttribute : FactAttribute
{
}

public sealed class ProviderFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new ProviderTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

public sealed class ProviderTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ProviderTestCase()
    {
    }

    public ProviderTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var provider = TestMethod.TestClass.Class.Name.Contains("Postgres", StringComparison.Ordinal) ? TicketDatabaseProvider.PostgreSql : TicketDatabaseProvider.Sqlite;
        return TestDatabase.SkipReason(provider) ?? base.GetSkipReason(factAttribute);
    }
}

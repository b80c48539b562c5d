using HotlineTelephony.Tickets.Model;

namespace HotlineTelephony.Tickets.Tests;

public sealed class TicketNumberTests
{
    [Fact]
    public void FormatsDayAndSixDigitCounter()
    {
        Assert.Equal("12345-20261124-000007", TicketNumber.Format(new DateOnly(2026, 11, 24), 7));
        Assert.Equal("12345-20261124-999999", TicketNumber.Format(new DateOnly(2026, 11, 24), TicketNumber.MaxPerDay));
    }

    [Fact]
    public void RefusesACounterBeyondSixDigitsInsteadOfWideningTheNumber()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TicketNumber.Format(new DateOnly(2026, 11, 24), 1_000_000));
        Assert.Contains("2026-11-24", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345-20261124-000001", true)]
    [InlineData("12345-20261131-000001", false)]
    [InlineData("12345-20261124-000000", false)]
    [InlineData("12345-20261124-00001", false)]
    [InlineData("12346-20261124-000001", false)]
    [InlineData("12345-20261124-00000a", false)]
    public void ParsesOnlyWellFormedNumbers(string number, bool valid)
    {
        Assert.Equal(valid, TicketNumber.TryParse(number, out _, out _));
    }

    [Theory]
    [InlineData("Data Source=tickets.db", null, TicketDatabaseProvider.Sqlite)]
    [InlineData("Host=postgres;Port=5432;Database=hotline;Username=hotline;Password=hotline", null, TicketDatabaseProvider.PostgreSql)]
    [InlineData("Data Source=tickets.db", "PostgreSQL", TicketDatabaseProvider.PostgreSql)]
    public void ProviderIsInferredFromTheConnectionStringUnlessNamed(string connectionString, string? provider, TicketDatabaseProvider expected)
    {
        Assert.Equal(expected, new TicketsOptions { ConnectionString = connectionString, Provider = provider }.ResolveProvider());
    }

    [Fact]
    public void UnknownTimeZoneOrProviderIsRefusedNamingTheSetting()
    {
        var zone = Assert.Throws<InvalidOperationException>(() => new TicketsOptions { TimeZone = "Mars/Olympus" }.Validate());
        var provider = Assert.Throws<InvalidOperationException>(() => new TicketsOptions { Provider = "Oracle" }.Validate());

        Assert.Contains("Tickets:TimeZone", zone.Message, StringComparison.Ordinal);
        Assert.Contains("Tickets:Provider", provider.Message, StringComparison.Ordinal);
    }
}

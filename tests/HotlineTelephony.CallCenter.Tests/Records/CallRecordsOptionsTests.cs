using HotlineTelephony.CallCenter.Records;

namespace HotlineTelephony.CallCenter.Tests.Records;

public class CallRecordsOptionsTests
{
    [Fact]
    public void DefaultsAreAFileNamedHotlineDbAndFiveAttempts()
    {
        var options = new CallRecordsOptions();

        Assert.Equal("Data Source=hotline.db", options.ConnectionString);
        Assert.Equal(5, options.MaxWriteAttempts);
        Assert.Equal(256, options.BatchSize);
        options.Validate();
    }

    [Theory]
    [InlineData("ConnectionString")]
    [InlineData("BatchSize")]
    [InlineData("MaxWriteAttempts")]
    [InlineData("FirstRetryDelay")]
    [InlineData("Synchronous")]
    public void ValidationNamesTheSettingThatIsOutOfRange(string setting)
    {
        var options = new CallRecordsOptions();
        switch (setting)
        {
            case "ConnectionString":
                options.ConnectionString = " ";
                break;
            case "BatchSize":
                options.BatchSize = 0;
                break;
            case "MaxWriteAttempts":
                options.MaxWriteAttempts = 0;
                break;
            case "Synchronous":
                options.Synchronous = "OFF";
                break;
            default:
                options.FirstRetryDelay = TimeSpan.FromMinutes(1);
                break;
        }

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains($"CallRecords:{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryDelaysDoubleUpToTheCap()
    {
        var retry = new WriteRetry(
            new CallRecordsOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1) },
            TimeProvider.System);

        Assert.Equal(
            [200, 400, 800, 1000, 1000],
            Enumerable.Range(1, 5).Select(i => retry.DelayBefore(i).TotalMilliseconds));
    }
}

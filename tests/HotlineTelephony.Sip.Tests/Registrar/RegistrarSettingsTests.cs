using HotlineTelephony.Sip.Registrar;

namespace HotlineTelephony.Sip.Tests.Registrar;

public sealed class RegistrarSettingsTests
{
    [Fact]
    public void DefaultsAreValid() => new RegistrarSettings().Validate();

    [Fact]
    public void BadSettingIsNamedAndPasswordsAreNot()
    {
        var tooShort = new RegistrarSettings { MinExpires = TimeSpan.FromSeconds(600), DefaultExpires = TimeSpan.FromSeconds(300) };
        Assert.Contains("DefaultExpires", Assert.Throws<InvalidOperationException>(tooShort.Validate).Message, StringComparison.Ordinal);

        var noPassword = new RegistrarSettings { Extensions = new Dictionary<string, string> { ["1001"] = "s3cret", ["1002"] = "" } };
        var message = Assert.Throws<InvalidOperationException>(noPassword.Validate).Message;
        Assert.Contains("1002", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);
    }
}

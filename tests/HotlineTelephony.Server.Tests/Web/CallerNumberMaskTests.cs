using HotlineTelephony.Server.Web.Privacy;

namespace HotlineTelephony.Server.Tests.Web;

public sealed class CallerNumberMaskTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("02787654321", "027****4321")]
    [InlineData("12345678", "123*5678")]
    [InlineData("1234567", "*****67")]
    [InlineData("110", "*10")]
    [InlineData("12", "**")]
    [InlineData("", "")]
    public void MasksKeepTheFirstThreeAndLastFourDigitsOrTheLastTwoOfShortNumbers(string number, string masked) =>
        Assert.Equal(masked, CallerNumberMask.Mask(number));
}

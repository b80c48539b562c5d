using HotlineTelephony.Media.Prompts;

namespace HotlineTelephony.Media.Tests.Prompts;

public class ChineseNumeralsTests
{
    [Theory]
    [InlineData(0, "零")]
    [InlineData(2, "二")]
    [InlineData(5, "五")]
    [InlineData(10, "十")]
    [InlineData(11, "十一")]
    [InlineData(12, "十二")]
    [InlineData(20, "二十")]
    [InlineData(21, "二十一")]
    [InlineData(99, "九十九")]
    [InlineData(100, "一百")]
    [InlineData(101, "一百零一")]
    [InlineData(105, "一百零五")]
    [InlineData(110, "一百一十")]
    [InlineData(115, "一百一十五")]
    [InlineData(120, "一百二十")]
    [InlineData(200, "二百")]
    [InlineData(999, "九百九十九")]
    public void ReadsNumbersAsTheyAreSpoken(int value, string spoken)
    {
        Assert.Equal(spoken, ChineseNumerals.ToText(value));
    }

    [Theory]
    [InlineData(2, "两")]
    [InlineData(12, "十二")]
    [InlineData(22, "二十二")]
    [InlineData(200, "两百")]
    [InlineData(202, "两百零二")]
    [InlineData(3, "三")]
    public void CountingFormSaysLiangForALoneTwoAndTwoHundred(int value, string spoken)
    {
        Assert.Equal(spoken, ChineseNumerals.ToText(value, counting: true));
    }

    [Fact]
    public void EveryNumberUpTo999IsSpelledWithinTheFragmentLimit()
    {
        Span<PromptId> fragments = stackalloc PromptId[ChineseNumerals.MaxFragments];
        for (int value = 0; value <= ChineseNumerals.MaxValue; value++)
        {
            int count = ChineseNumerals.Spell(value, counting: value % 2 == 0, fragments);
            Assert.InRange(count, 1, ChineseNumerals.MaxFragments);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public void RejectsNumbersOutside0To999(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChineseNumerals.ToText(value));
    }
}

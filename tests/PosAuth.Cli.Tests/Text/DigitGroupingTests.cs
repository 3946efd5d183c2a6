using PosAuth.Cli.Text;

namespace PosAuth.Cli.Tests.Text;

public sealed class DigitGroupingTests
{
    [Theory]
    [InlineData("2833 7165", "28337165", "12345678", "1234 5678")]
    [InlineData("2833-7165", "28337165", "12345678", "1234-5678")]
    [InlineData("283 371 65", "28337165", "12345678", "123 456 78")]
    [InlineData("28 - 33 - 71 - 65", "28337165", "12345678", "12 - 34 - 56 - 78")]
    [InlineData("-2833 7165-", "28337165", "12345678", "1234 5678")]
    [InlineData("28337165", "28337165", "12345678", "12345678")]
    [InlineData("１２３４ ５６７８", "12345678", "87654321", "8765 4321")]
    [InlineData("123456 789012", "123456789012", "12345678", "123456 78")]
    [InlineData("1234 5678 90", "1234567890", "12345678", "1234 5678")]
    public void Normalize_RemovesSpacesAndDashes_AndApply_GroupsTheSameWay(string typed, string compact, string response, string grouped)
    {
        Assert.Equal(compact, DigitGrouping.Normalize(typed, out DigitGrouping grouping));
        Assert.Equal(grouped, grouping.Apply(response));
    }

    [Fact]
    public void Fours_GroupsInFours()
    {
        Assert.Equal("8826 2185", DigitGrouping.Fours.Apply("88262185"));
        Assert.Equal("1234 5678 90", DigitGrouping.Fours.Apply("1234567890"));
    }

    [Fact]
    public void None_LeavesTheResponseAlone()
    {
        Assert.Equal("88262185", DigitGrouping.None.Apply("88262185"));
    }
}

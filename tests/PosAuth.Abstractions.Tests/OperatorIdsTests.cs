using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PosAuth.Abstractions.Tests;

public sealed class OperatorIdsTests
{
    [Theory]
    [InlineData("99", OperatorRole.Administrator)]
    [InlineData("00", OperatorRole.Supervisor)]
    [InlineData("01", OperatorRole.Operator)]
    [InlineData("09", OperatorRole.Operator)]
    [InlineData("990", OperatorRole.Operator)]
    [InlineData("0", OperatorRole.Operator)]
    public void ConventionalRole_FollowsUnionPayNumbering(string id, OperatorRole expected) =>
        Assert.Equal(expected, OperatorIds.ConventionalRole(id));

    [Theory]
    [InlineData("01", true)]
    [InlineData("A7", true)]
    [InlineData("", false)]
    [InlineData("0 1", false)]
    [InlineData("01\n", false)]
    [InlineData("０１", false)]
    [InlineData("12345678901234567", false)]
    public void IsWellFormed_AcceptsOnlyShortAsciiAlphanumerics(string id, bool expected) =>
        Assert.Equal(expected, OperatorIds.IsWellFormed(id));

    [Property]
    public Property IsWellFormed_IsExactlyOneToSixteenAsciiLettersOrDigits()
    {
        // The documented rule, written a second way: one to sixteen ASCII letters or digits, nothing else.
        var rule = new Regex(@"\A[A-Za-z0-9]{1,16}\z", RegexOptions.CultureInvariant);
        Gen<string> ids =
            from length in Gen.Choose(0, 20)
            from chars in Gen.ArrayOf(Gen.Elements("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz \0\t\n._-:/\u00e9\uff10\uff21\u0130\ufb01".ToCharArray()), length)
            select new string(chars);
        return Prop.ForAll(ids.ToArbitrary(), id =>
            OperatorIds.IsWellFormed(id) == rule.IsMatch(id)
            && (!OperatorIds.IsWellFormed(id) || Enum.IsDefined(OperatorIds.ConventionalRole(id))));
    }

    [Fact]
    public void Roles_AreOrdered_AdministratorOverSupervisorOverOperator()
    {
        Assert.True(OperatorRole.Administrator.Outranks(OperatorRole.Supervisor));
        Assert.True(OperatorRole.Supervisor.Outranks(OperatorRole.Operator));
        Assert.False(OperatorRole.Operator.Outranks(OperatorRole.Operator));
        Assert.True(OperatorRole.Operator.IsAtLeast(OperatorRole.Operator));
        Assert.False(OperatorRole.Operator.IsAtLeast(OperatorRole.Supervisor));
    }
}

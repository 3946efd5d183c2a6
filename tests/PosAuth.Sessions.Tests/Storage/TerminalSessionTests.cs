using System.Reflection;

namespace PosAuth.Sessions.Tests.Storage;

public sealed class TerminalSessionTests
{
    [Fact]
    public void EveryProperty_IsAScalarColumn_SoStoresCanMapItColumnByColumn()
    {
        Type[] scalars = [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(DateTimeOffset)];
        foreach (PropertyInfo p in typeof(TerminalSession).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Type t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            Assert.True(t.IsEnum || scalars.Contains(t), $"{p.Name} is {t}");
            Assert.True(p.SetMethod is not null, $"{p.Name} must be settable (init) for mapping");
        }
    }

    [Fact]
    public void NewSnapshot_StartsAtBatchOneShiftOne_VersionZero()
    {
        var s = new TerminalSession { TerminalId = "T1" };

        Assert.Equal((TerminalSessionState.AwaitingOperator, 1, 1, 0L), (s.State, s.BatchNumber, s.ShiftNumber, s.Version));
    }
}

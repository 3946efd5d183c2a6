using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using static PosAuth.Storage.PostgreSql.PostgreSqlFaults;

namespace PosAuth.Storage.PostgreSql.Tests.Faults;

/// <summary>The sorting of Npgsql's errors into "fails closed, passes by itself" and "needs a person".</summary>
public sealed class PostgreSqlFaultsTests
{
    [Theory]
    [InlineData("08006", "ConnectionLost")]
    [InlineData("08001", "ConnectionLost")]
    [InlineData("57P01", "ConnectionLost")]
    [InlineData("57P02", "ConnectionLost")]
    [InlineData("57P03", "ConnectionLost")]
    [InlineData("57014", "Timeout")]
    [InlineData("53300", "Busy")]
    [InlineData("53100", "Busy")]
    [InlineData("55P03", "Busy")]
    [InlineData("40001", "Busy")]
    [InlineData("40P01", "Busy")]
    [InlineData("25006", "Busy")]
    [InlineData("28P01", "Permanent")]
    [InlineData("42501", "Permanent")]
    [InlineData("3D000", "Permanent")]
    [InlineData("42P01", "Permanent")]
    [InlineData("23505", "Permanent")]
    public void ServerErrors_AreSortedBySqlState(string sqlState, string expected) =>
        Assert.Equal(expected, Classify(Server(sqlState), default).ToString());

    [Fact]
    public void NetworkTimeoutAndTlsErrors_AreSorted()
    {
        Assert.Equal(Kind.ConnectionLost, Classify(new NpgsqlException("read", new IOException("reset")), default));
        Assert.Equal(Kind.ConnectionLost, Classify(new NpgsqlException("connect", new SocketException((int)SocketError.ConnectionRefused)), default));
        Assert.Equal(Kind.Timeout, Classify(new NpgsqlException("read", new TimeoutException()), default));
        Assert.Equal(Kind.Permanent, Classify(new NpgsqlException("tls", new AuthenticationException("bad certificate")), default));
        Assert.Equal(Kind.Permanent, Classify(new NpgsqlException("No password has been provided"), default));
    }

    [Fact]
    public void TheCallersCancellation_IsNotAFault_OtherCancellationIsATimeout()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Equal(Kind.None, Classify(new OperationCanceledException(cts.Token), cts.Token));
        Assert.Equal(Kind.Timeout, Classify(new OperationCanceledException(), default));
    }

    [Fact]
    public void OtherExceptions_PassThrough()
    {
        Assert.Equal(Kind.None, Classify(new InvalidOperationException(), default));
        Assert.Equal(Kind.None, Classify(new ArgumentException(), default));
        Assert.Equal(Kind.None, Classify(new StoreUnavailableException(), default));
    }

    [Fact]
    public void Translate_GivesTheTypedExceptionWithTheOriginalInside()
    {
        PostgresException denied = Server("28P01");
        var access = Assert.IsType<PostgreSqlStoreException>(Translate(denied, Kind.Permanent));
        Assert.Equal(PostgreSqlStoreErrorCode.AccessDenied, access.Code);
        Assert.Equal("28P01", access.SqlState);
        Assert.Same(denied, access.InnerException);

        var missing = Assert.IsType<PostgreSqlStoreException>(Translate(Server("3D000"), Kind.Permanent));
        Assert.Equal(PostgreSqlStoreErrorCode.DatabaseNotFound, missing.Code);
        var other = Assert.IsType<PostgreSqlStoreException>(Translate(Server("42P01"), Kind.Permanent));
        Assert.Equal(PostgreSqlStoreErrorCode.ServerError, other.Code);
        var tls = Assert.IsType<PostgreSqlStoreException>(Translate(new NpgsqlException("tls", new AuthenticationException()), Kind.Permanent));
        Assert.Equal(PostgreSqlStoreErrorCode.ConnectionRejected, tls.Code);

        var lost = new NpgsqlException("read", new IOException());
        Assert.Same(lost, Assert.IsType<StoreUnavailableException>(Translate(lost, Kind.ConnectionLost)).InnerException);
        Assert.IsType<StoreUnavailableException>(Translate(lost, Kind.Timeout));
        Assert.IsType<StoreUnavailableException>(Translate(lost, Kind.Busy));
    }

    private static PostgresException Server(string sqlState) => new("message", "ERROR", "ERROR", sqlState);
}

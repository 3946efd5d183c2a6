using System.Net;
using System.Net.Sockets;

namespace PosAuth.Storage.PostgreSql.Tests.TestServer;

/// <summary>Without a server the PostgreSQL tests fail (never skip) and say how to start one.</summary>
public sealed class PostgresTestServerTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task MissingConnectionString_IsAFailureThatSaysHowToStartTheServer(string? value)
    {
        string? problem = await PostgresTestServer.FindProblemAsync(value);
        Assert.NotNull(problem);
        Assert.Contains(PostgresTestServer.EnvironmentVariable, problem, StringComparison.Ordinal);
        Assert.Contains("eng/postgres.sh start", problem, StringComparison.Ordinal);
        Assert.Contains("eng/test.sh", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServer_IsAFailureThatSaysHowToStartTheServer()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        string? problem = await PostgresTestServer.FindProblemAsync($"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d");
        Assert.NotNull(problem);
        Assert.Contains("cannot be reached", problem, StringComparison.Ordinal);
        Assert.Contains("eng/postgres.sh start", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConfiguredServer_IsReachable() =>
        Assert.Null(await PostgresTestServer.FindProblemAsync(await PostgresTestServer.RequireAsync()));
}

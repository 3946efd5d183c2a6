using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PosAuth.Storage;
using PosAuth.Sync.Protocol;

namespace PosAuth.Sync.Tests.Chain;

/// <summary>
/// Someone between the lane and its back office (or a server posing as it) answers with a made-up directory and a
/// made-up "allowed" charge. The lane trusts only answers signed with its key over its own nonce: it applies nothing,
/// verifies no PIN, and reports the back office unreachable.
/// </summary>
public sealed class ForgedBackOfficeTests
{
    private const string ForgedDirectory = "{\"cursor\":9,\"complete\":true,\"operators\":[{\"operatorId\":\"6666\",\"role\":99,\"pinHash\":\"$pbkdf2-sha512$i=10000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"credentialEpoch\":1,\"changeSeq\":9}]}";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnsignedOrWronglySignedAnswers_AreNotTrusted_NothingApplied_NoPinVerified(bool signWithAnotherKey)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using WebApplication forger = builder.Build();
        forger.Run(async context =>
        {
            string body = context.Request.Path.Value!.EndsWith("/directory", StringComparison.Ordinal)
                ? ForgedDirectory
                : "{\"allowed\":true,\"chargeId\":\"" + new string('a', 32) + "\",\"status\":{\"state\":0,\"remainingAttempts\":5},\"credentialEpoch\":0}";
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(body);
            long serverTime = 1_767_600_000_000; // any time: the forger cannot sign it
            context.Response.ContentType = "application/json";
            context.Response.Headers[LaneProtocol.ServerTimeHeader] = serverTime.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (signWithAnotherKey)
            {
                string nonce = context.Request.Headers[LaneProtocol.NonceHeader].ToString();
                context.Response.Headers[LaneProtocol.ResponseSignatureHeader] = LaneProtocol.SignResponse(new byte[32], nonce, 200, serverTime, bytes);
            }

            await context.Response.Body.WriteAsync(bytes);
        });
        await forger.StartAsync();
        string address = forger.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var services = new ServiceCollection();
        string db = Path.Combine(Path.GetTempPath(), "posauth-forged-" + Guid.NewGuid().ToString("N") + ".db");
        byte[] key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        services.AddPosAuth(o => o.Hashing.Iterations = TestSupport.Chain.Iterations).WithoutHostSignOn().UseSqlite(db).UseBackOffice(new Uri(address + "/"), new LaneCredentials("T1", "S1", key));
        await using ServiceProvider lane = services.BuildServiceProvider();
        IBackOfficeSyncAgent agent = lane.GetRequiredService<IBackOfficeSyncAgent>();

        await Assert.ThrowsAnyAsync<StoreUnavailableException>(() => agent.SyncOnceAsync());
        Assert.Empty(await lane.GetRequiredService<IOperatorStore>().ListAsync());
        Assert.Equal(0, agent.Cursor);
        Assert.False(agent.IsConnected);

        // A sign-in cannot be talked into "allowed" either.
        AuthenticationResult result = await lane.GetRequiredService<IOperatorAuthenticator>().AuthenticateAsync("T1", "6666", "12345678".AsMemory());
        Assert.NotEqual(AuthenticationOutcome.Succeeded, result.Outcome);
    }
}

using Microsoft.Extensions.DependencyInjection;
using PosAuth.Hashing;
using PosAuth.Lockout;
using PosAuth.Samples.CustomStore.FileStore;
using PosAuth.Storage;

namespace PosAuth.Samples.CustomStore.Tests.FileStore;

public sealed class FileStorePosAuthBuilderExtensionsTests(TempDirectory temp) : IClassFixture<TempDirectory>
{
    [Fact]
    public async Task UseFileStores_SignInChargesAndRefundsOnDisk()
    {
        string directory = temp.NewSubdirectory();
        var services = new ServiceCollection();
        services.AddPosAuth(o => o.Hashing.Iterations = 10_000).UseInMemoryStores().UseFileStores(directory).WithoutHostSignOn();
        await using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<FileOperatorStore>(provider.GetRequiredService<IOperatorStore>());
        Assert.IsType<FileAttemptStore>(provider.GetRequiredService<IAttemptStore>());

        await provider.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount
        {
            OperatorId = "01",
            Role = OperatorRole.Operator,
            PinHash = provider.GetRequiredService<IPinHasher>().Hash("730194"),
        });
        IOperatorAuthenticator authenticator = provider.GetRequiredService<IOperatorAuthenticator>();

        AuthenticationResult wrong = await authenticator.AuthenticateAsync("T1", "01", "111111".AsMemory());
        Assert.Equal(AuthenticationOutcome.WrongPin, wrong.Outcome);

        // A new store instance over the same directory (another process, after a restart) sees the charge.
        var reopened = new FileAttemptStore(Path.Combine(directory, "attempts"));
        Assert.Equal(1, (await reopened.GetAsync(new AttemptKey("T1", "01"), default))!.FailureCount);

        AuthenticationResult right = await authenticator.AuthenticateAsync("T1", "01", "730194".AsMemory());
        Assert.True(right.Succeeded);
        Assert.Equal(0, (await reopened.GetAsync(new AttemptKey("T1", "01"), default))?.FailureCount ?? 0);
    }
}

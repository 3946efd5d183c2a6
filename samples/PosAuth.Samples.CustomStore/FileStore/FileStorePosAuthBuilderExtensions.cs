using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PosAuth.Lockout;
using PosAuth.Storage;

namespace PosAuth.Samples.CustomStore.FileStore;

/// <summary>Wires the integrator's stores into PosAuth: <c>services.AddPosAuth().UseFileStores(dir)</c>.</summary>
public static class FileStorePosAuthBuilderExtensions
{
    /// <summary>Replaces the operator and attempt stores with the file stores under <paramref name="directory"/>.</summary>
    /// <param name="builder">The PosAuth builder.</param>
    /// <param name="directory">The data directory (operators/ and attempts/ are created below it).</param>
    /// <returns>The builder.</returns>
    public static IPosAuthBuilder UseFileStores(this IPosAuthBuilder builder, string directory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IOperatorStore>(_ => new FileOperatorStore(Path.Combine(directory, "operators"))));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAttemptStore>(_ => new FileAttemptStore(Path.Combine(directory, "attempts"))));
        return builder;
    }
}

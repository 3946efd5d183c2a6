
using PosAuth.Storage;
namespace PosAuth.Samples.CustomStore.FileStore;

/// <summary>
/// An integrator's <see cref="IOperatorStore"/>: one JSON file per operator account, with the compare-and-swap on
/// <see cref="OperatorAccount.Version"/> done under <see cref="RecordDirectory"/>'s exclusive lock, and the factory
/// reset's replace-all through its journal (all or nothing, even across a power cut).
/// </summary>
public sealed class FileOperatorStore : IOperatorStore
{
    private readonly RecordDirectory _directory;

    /// <summary>Creates the store over <paramref name="directory"/> (created if missing).</summary>
    /// <param name="directory">Where the records live.</param>
    public FileOperatorStore(string directory) => _directory = new RecordDirectory(directory);

    /// <inheritdoc />
    public ValueTask<OperatorAccount?> FindAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        return _directory.LockedAsync(() => _directory.Read<OperatorAccount>(RecordDirectory.Name(operatorId)), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryCreateAsync(OperatorAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        string name = RecordDirectory.Name(account.OperatorId);
        return _directory.LockedAsync(
            () =>
            {
                if (_directory.Read<OperatorAccount>(name) is not null)
                {
                    return false;
                }

                _directory.Write(name, account with { Version = 1 });
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(OperatorAccount account, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        string name = RecordDirectory.Name(account.OperatorId);
        return _directory.LockedAsync(
            () =>
            {
                OperatorAccount? current = _directory.Read<OperatorAccount>(name);
                if (current is null || current.Version != expectedVersion)
                {
                    return false;
                }

                _directory.Write(name, account with { Version = expectedVersion + 1 });
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        return _directory.LockedAsync(() => _directory.Delete(RecordDirectory.Name(operatorId)), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default) =>
        _directory.LockedAsync<IReadOnlyList<OperatorAccount>>(
            () => [.. _directory.ReadAll<OperatorAccount>().OrderBy(a => a.OperatorId, StringComparer.Ordinal)],
            cancellationToken);

    /// <inheritdoc />
    public async ValueTask DeleteAllAsync(CancellationToken cancellationToken = default) =>
        await _directory.LockedAsync(
            () =>
            {
                _directory.DeleteAll();
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask ReplaceAllAsync(IReadOnlyList<OperatorAccount> accounts, CancellationToken cancellationToken = default)
    {
        // Check the whole set before touching anything: a bad entry must leave the old set as it was.
        ArgumentNullException.ThrowIfNull(accounts);
        var records = new Dictionary<string, OperatorAccount>(StringComparer.Ordinal);
        foreach (OperatorAccount account in accounts)
        {
            ArgumentNullException.ThrowIfNull(account, nameof(accounts));
            if (!records.TryAdd(RecordDirectory.Name(account.OperatorId), account with { Version = 1 }))
            {
                throw new ArgumentException("The replacement set has two accounts with the same operator number; nothing was changed.", nameof(accounts));
            }
        }

        await _directory.LockedAsync(
            () =>
            {
                _directory.ReplaceAll(records);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }
}

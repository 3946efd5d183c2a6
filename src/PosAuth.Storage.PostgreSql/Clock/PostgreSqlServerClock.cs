using Npgsql;
using PosAuth.Lockout;

namespace PosAuth.Storage.PostgreSql;

/// <summary>
/// The lockout's clock for the lanes of a PostgreSQL site: a <see cref="TimeProvider"/> whose wall clock and timestamps
/// come from the database server, and an <see cref="ISharedTimeline"/> whose epoch every lane of that database shares
/// (the <c>clock</c> row of the schema). With it, a lock progresses whichever lane observes it, a lane whose own clock
/// is wrong (a dead RTC battery, a manual setting, a clock a year ahead) can neither shorten nor stall it, and a rejection
/// writes the record at most once per minute of progress. <c>UsePostgreSql</c> gives it to the lockout policy (only: the
/// rest of PosAuth keeps the application's <see cref="TimeProvider"/>) unless <see cref="PostgreSqlStoreOptions.UseServerClock"/>
/// is off.
/// </summary>
/// <remarks>
/// <para><b>How it reads the server.</b> A sample is <c>SELECT clock_timestamp(), epoch FROM clock</c>, timed with the local
/// monotonic clock: the server's time lies between the moment it was sent and the moment the answer arrived. The clock
/// takes the lower end (the server's reading as of the answer's arrival), so its estimate is behind the server's clock by
/// at most the sample's round trip (<see cref="SynchronizationError"/>, typically well under a millisecond on the store
/// LAN), and never ahead of it: a lock is never shortened by the sampling. Between samples the estimate advances by the
/// local monotonic clock; it samples again every <see cref="PostgreSqlStoreOptions.ClockResyncInterval"/> (1 minute by
/// default), so a lane's oscillator error (tens of parts per million) adds at most a few milliseconds. Of three samples
/// the one with the shortest round trip wins; a sample slower than one second is discarded.</para>
/// <para><b>Before the first sample</b> (the first reading of a process blocks for one sample, at most the command timeout)
/// and whenever the server could not be sampled yet, the clock is the local one with an epoch of its own, which no other
/// lane shares: records it writes get the lockout's safe cross-process rule (no forward credit by default). When the
/// server comes back, the background sampling picks it up.</para>
/// <para><b>The server's clock is the authority</b>: keep it on NTP. A step of the server's clock is seen by every lane: set
/// forward, locks end that much early; set back by more than a minute, the lockout treats it like a wall clock set back
/// (nothing is credited for the time not yet recorded, never shorter).</para>
/// </remarks>
public sealed class PostgreSqlServerClock : TimeProvider, ISharedTimeline, IAsyncDisposable, IDisposable
{
    /// <summary>A sample with a longer round trip than this is discarded.</summary>
    internal static readonly TimeSpan MaxSampleRoundTrip = TimeSpan.FromSeconds(1);

    private const int SamplesPerSynchronization = 3;

    private readonly PostgreSqlStoreContext? _db;
    private readonly bool _ownsContext;
    private readonly TimeProvider _local;
    private readonly IServerTimeSource _source;
    private readonly TimeSpan _resyncInterval;
    private readonly long _localEpoch = NewEpoch();
    private readonly long _origin;
    private readonly object _gate = new();
    private volatile Anchor? _anchor;
    private ITimer? _timer;
    private int _firstSampleTried;
    private int _sampling;
    private int _disposed;

    /// <summary>Creates the clock over its own data source (or <see cref="PostgreSqlStoreOptions.DataSource"/>). Nothing touches the network until the first reading.</summary>
    /// <param name="options">The settings of the site's stores.</param>
    /// <param name="localTime">The local clock whose monotonic timestamps advance the estimate between samples (and which timers use); <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlServerClock(PostgreSqlStoreOptions options, TimeProvider? localTime = null)
        : this(PostgreSqlStoreContext.Create(options), ownsContext: true, localTime ?? System, source: null, options.ClockResyncInterval)
    {
    }

    internal PostgreSqlServerClock(PostgreSqlStoreContext? context, bool ownsContext, TimeProvider localTime, IServerTimeSource? source, TimeSpan resyncInterval)
    {
        ArgumentNullException.ThrowIfNull(localTime);
        _db = context;
        _ownsContext = ownsContext;
        _local = localTime;
        _source = source ?? new ServerSource(context ?? throw new ArgumentNullException(nameof(context)));
        _resyncInterval = resyncInterval;
        _origin = localTime.GetTimestamp();
    }

    /// <summary>Whether the clock reads the server (a sample succeeded); otherwise it is the local clock with an epoch of its own.</summary>
    public bool IsSynchronized => _anchor is not null;

    /// <summary>How far behind the server's clock the estimate was at the last sample (its round trip); <see cref="TimeSpan.Zero"/> before the first.</summary>
    public TimeSpan SynchronizationError => _anchor?.RoundTrip ?? TimeSpan.Zero;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _local.LocalTimeZone;

    /// <summary>The server's time (estimated as described on the class); the local wall clock before the first sample.</summary>
    /// <returns>The time.</returns>
    public override DateTimeOffset GetUtcNow()
    {
        Anchor? anchor = Current();
        return anchor is null ? _local.GetUtcNow() : new DateTimeOffset(Estimate(anchor), TimeSpan.Zero);
    }

    /// <summary>The timestamp of <see cref="GetTimestamp(out long)"/> without its epoch.</summary>
    /// <returns>The timestamp (100 ns ticks).</returns>
    public override long GetTimestamp() => GetTimestamp(out _);

    /// <summary>
    /// A timestamp in 100 ns ticks and the epoch of its timeline, read together: the server's time and the database's
    /// epoch once synchronised; before that, the ticks of the local monotonic clock since this clock was created and an
    /// epoch of this clock alone.
    /// </summary>
    /// <param name="epoch">The timeline's epoch (never 0).</param>
    /// <returns>The timestamp.</returns>
    public long GetTimestamp(out long epoch)
    {
        Anchor? anchor = Current();
        if (anchor is null)
        {
            epoch = _localEpoch;
            return _local.GetElapsedTime(_origin).Ticks;
        }

        epoch = anchor.Epoch;
        return Estimate(anchor);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _local.CreateTimer(callback, state, dueTime, period);

    /// <summary>Samples the server now (three round trips; the fastest wins) and starts the periodic sampling.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when sampled.</returns>
    /// <exception cref="StoreUnavailableException">The server cannot be reached; the clock keeps its previous estimate.</exception>
    public async Task SynchronizeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Volatile.Write(ref _firstSampleTried, 1);
        Anchor? best = null;
        for (int i = 0; i < SamplesPerSynchronization; i++)
        {
            long sent = _local.GetTimestamp();
            (DateTimeOffset server, long epoch) = await _source.SampleAsync(cancellationToken).ConfigureAwait(false);
            best = Better(best, sent, _local.GetTimestamp(), server, epoch);
        }

        Install(best);
    }

    /// <summary>Stops the periodic sampling and releases the data source if this clock created it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer?.Dispose();
            if (_ownsContext)
            {
                _db?.Dispose();
            }
        }
    }

    /// <summary>Stops the periodic sampling and releases the data source if this clock created it.</summary>
    /// <returns>A task that completes when released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer?.Dispose();
            if (_ownsContext && _db is not null)
            {
                await _db.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private Anchor? Current()
    {
        Anchor? anchor = _anchor;
        if (anchor is null && Interlocked.Exchange(ref _firstSampleTried, 1) == 0 && Volatile.Read(ref _disposed) == 0)
        {
            // The first reading of the process: sample once, blocking, so the first charge is already on the site's
            // timeline. If the server cannot answer, stay local and let the periodic sampling try again.
            try
            {
                Anchor? best = null;
                long sent = _local.GetTimestamp();
                (DateTimeOffset server, long epoch) = _source.Sample();
                best = Better(best, sent, _local.GetTimestamp(), server, epoch);
                Install(best);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or PostgreSqlStoreException or NpgsqlException)
            {
                // Try again at once in the background (that path also creates the schema on a new database), then
                // at every tick.
                StartTimer();
                OnTimer();
            }

            anchor = _anchor;
        }

        return anchor;
    }

    private long Estimate(Anchor anchor) =>
        anchor.ServerTicks + _local.GetElapsedTime(anchor.LocalTimestamp).Ticks;

    private Anchor? Better(Anchor? best, long sent, long received, DateTimeOffset server, long epoch)
    {
        TimeSpan roundTrip = _local.GetElapsedTime(sent, received);
        if (roundTrip < TimeSpan.Zero || roundTrip > MaxSampleRoundTrip || epoch == 0)
        {
            return best;
        }

        // The server read its clock somewhere between sent and received: as of "received" its clock reads at least
        // server, at most server + roundTrip. The lower end never runs ahead of the server.
        var sample = new Anchor(server.UtcTicks, received, epoch, roundTrip);
        return best is null || roundTrip < best.RoundTrip ? sample : best;
    }

    private void Install(Anchor? sample)
    {
        if (sample is not null)
        {
            _anchor = sample;
        }

        StartTimer();
    }

    private void StartTimer()
    {
        lock (_gate)
        {
            if (_timer is null && Volatile.Read(ref _disposed) == 0)
            {
                _timer = _local.CreateTimer(static s => ((PostgreSqlServerClock)s!).OnTimer(), this, _resyncInterval, _resyncInterval);
            }
        }
    }

    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _sampling, 1) != 0 || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _ = ResampleAsync();

        async Task ResampleAsync()
        {
            try
            {
                await SynchronizeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or PostgreSqlStoreException or NpgsqlException or ObjectDisposedException)
            {
                // Keep the last estimate (advanced by the local monotonic clock); try again at the next tick.
            }
            finally
            {
                Volatile.Write(ref _sampling, 0);
            }
        }
    }

    private static long NewEpoch()
    {
        // From the CSPRNG, as the lockout's own epochs: two lanes must never pick the same one.
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        long epoch;
        do
        {
            global::System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
            epoch = global::System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes);
        }
        while (epoch == 0);
        return epoch;
    }

    /// <summary>A sample: the server's ticks as of the local timestamp <see cref="LocalTimestamp"/>, and the database's epoch.</summary>
    private sealed record Anchor(long ServerTicks, long LocalTimestamp, long Epoch, TimeSpan RoundTrip);

    /// <summary>Reads the server's clock and the schema's epoch in one round trip.</summary>
    private sealed class ServerSource(PostgreSqlStoreContext db) : IServerTimeSource
    {
        private readonly string _sql = $"SELECT clock_timestamp(), epoch FROM {db.QuotedSchema}.clock";

        public async ValueTask<(DateTimeOffset ServerTime, long Epoch)> SampleAsync(CancellationToken cancellationToken) =>
            await db.ReadAsync(
                this,
                static async (c, source, ct) =>
                {
                    await using NpgsqlCommand command = source.Db.Command(source._sql, c);
                    await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await reader.ReadAsync(ct).ConfigureAwait(false);
                    return (new DateTimeOffset(reader.GetDateTime(0).Ticks, TimeSpan.Zero), reader.GetInt64(1));
                },
                cancellationToken).ConfigureAwait(false);

        public (DateTimeOffset ServerTime, long Epoch) Sample()
        {
            // Synchronous on purpose (the first reading of a TimeProvider cannot await): Npgsql's own synchronous I/O,
            // never sync-over-async. Needs the schema (the clock row); before the first migration it fails and the clock
            // stays local until the periodic sampling (which migrates) succeeds.
            try
            {
                using NpgsqlConnection connection = db.DataSource.OpenConnection();
                using NpgsqlCommand command = db.Command(_sql, connection);
                using NpgsqlDataReader reader = command.ExecuteReader();
                reader.Read();
                return (new DateTimeOffset(reader.GetDateTime(0).Ticks, TimeSpan.Zero), reader.GetInt64(1));
            }
            catch (Exception ex) when (PostgreSqlFaults.Classify(ex, default) is var kind and not PostgreSqlFaults.Kind.None)
            {
                throw PostgreSqlFaults.Translate(ex, kind);
            }
        }

        private PostgreSqlStoreContext Db => db;
    }
}

/// <summary>Where the clock reads the server's time (a seam for tests: lanes sharing a fake server clock).</summary>
internal interface IServerTimeSource
{
    /// <summary>One round trip: the server's clock and the timeline's epoch.</summary>
    ValueTask<(DateTimeOffset ServerTime, long Epoch)> SampleAsync(CancellationToken cancellationToken);

    /// <summary>The same, blocking (the first reading only).</summary>
    (DateTimeOffset ServerTime, long Epoch) Sample();
}

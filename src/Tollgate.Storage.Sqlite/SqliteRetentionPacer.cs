namespace Tollgate.Storage.Sqlite;

/// <summary>
/// Paces a background retention run's delete chunks: before each chunk it waits as long as the previous one that
/// deleted something took. A retention job's connection takes turns on SQLite's file-wide write lock with the request
/// and audit writers through the busy timeout, so this way the writers, whose busy handlers poll for the lock, get it
/// at least half of the time, and a write waits at most about one chunk.
/// </summary>
/// <remarks>One per run; not thread-safe.</remarks>
internal sealed class SqliteRetentionPacer(TimeProvider timeProvider)
{
    private TimeSpan _pause;

    /// <summary>Waits out the previous chunk's pause, runs <paramref name="chunk"/> and returns what it deleted.</summary>
    public async Task<int> RunAsync(Func<Task<int>> chunk, CancellationToken cancellationToken)
    {
        if (_pause > TimeSpan.Zero)
        {
            await Task.Delay(_pause, timeProvider, cancellationToken);
        }

        var started = timeProvider.GetTimestamp();
        var deleted = await chunk();
        _pause = deleted > 0 ? timeProvider.GetElapsedTime(started) : TimeSpan.Zero;
        return deleted;
    }
}

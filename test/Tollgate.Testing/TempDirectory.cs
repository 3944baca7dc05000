namespace Tollgate.Testing;

/// <summary>
/// A fresh, uniquely named directory under the system temp directory, deleted with everything in it on dispose.
/// Deletion retries briefly and then gives up quietly: a file a test left open (or a database engine still
/// closing its handles) must not turn a passing test into a failing one.
/// </summary>
public sealed class TempDirectory : IDisposable, IAsyncDisposable
{
    private const int DeleteAttempts = 5;
    private int disposed;

    /// <summary>Creates the directory as <c>{temp}/tollgate-tests/{prefix}{random}</c>.</summary>
    public TempDirectory(string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tollgate-tests", prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory (nothing is created).</summary>
    public string Combine(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return System.IO.Path.Combine([Path, .. parts]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        for (var attempt = 1; attempt <= DeleteAttempts; attempt++)
        {
            if (TryDelete())
            {
                return;
            }

            Thread.Sleep(20 * attempt);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        for (var attempt = 1; attempt <= DeleteAttempts; attempt++)
        {
            if (TryDelete())
            {
                return;
            }

            await Task.Delay(20 * attempt).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path;

    private bool TryDelete()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Tollgate.Testing;

/// <summary>
/// Wraps a real store so a test can take it away: while <see cref="IsDown"/> is true every call fails as it would with
/// the database unreachable; otherwise every call goes to the real store unchanged.
/// </summary>
public sealed class StoreOutage
{
    /// <summary>True while calls fail.</summary>
    public bool IsDown { get; set; }

    /// <summary>How many calls failed because of the outage.</summary>
    public int FailedCalls => failedCalls;

    private int failedCalls;

    /// <summary>A <typeparamref name="TStore"/> that forwards to <paramref name="inner"/> unless this outage is on.</summary>
    public TStore Wrap<TStore>(TStore inner)
        where TStore : class
    {
        var proxy = DispatchProxy.Create<TStore, OutageProxy<TStore>>();
        var outageProxy = (OutageProxy<TStore>)(object)proxy;
        outageProxy.Inner = inner;
        outageProxy.Outage = this;
        return proxy;
    }

    internal void RecordFailure() => Interlocked.Increment(ref failedCalls);
}

/// <summary>The proxy behind <see cref="StoreOutage.Wrap{TStore}"/> (public only because DispatchProxy requires it).</summary>
/// <typeparam name="TStore">The store interface.</typeparam>
public class OutageProxy<TStore> : DispatchProxy
    where TStore : class
{
    internal TStore? Inner { get; set; }

    internal StoreOutage? Outage { get; set; }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (Outage!.IsDown)
        {
            Outage.RecordFailure();
            throw new IOException($"{typeof(TStore).Name}.{targetMethod.Name}: the store is unreachable (simulated outage).");
        }

        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}

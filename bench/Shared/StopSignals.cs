using System.Runtime.InteropServices;

namespace Tollgate.Bench;

/// <summary>
/// Turns Ctrl+C, SIGTERM and SIGQUIT into a cancelled <see cref="Token"/> instead of the end of the process, so a run
/// unwinds: the servers and nodes it started are stopped and its temporary directory is deleted.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration[] registrations;

    public StopSignals()
    {
        registrations = [Register(PosixSignal.SIGINT), Register(PosixSignal.SIGTERM), Register(PosixSignal.SIGQUIT)];
    }

    /// <summary>Cancelled once a stop signal arrives.</summary>
    public CancellationToken Token => stop.Token;

    /// <summary>True once a stop signal arrived.</summary>
    public bool IsStopRequested => stop.IsCancellationRequested;

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        stop.Dispose();
    }

    private PosixSignalRegistration Register(PosixSignal signal) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
}

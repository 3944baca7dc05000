namespace Tollgate.ScaleOutLoad;

/// <summary>One RAW run.</summary>
/// <param name="Events">Rows copied and committed (the measured ones, after the warm-up).</param>
/// <param name="Batches">COPY transactions.</param>
/// <param name="BatchSize">Rows per transaction (the last may hold fewer).</param>
/// <param name="CopySeconds">Summed time of the COPY transactions, BEGIN to completed COMMIT.</param>
/// <param name="WallSeconds">Wall-clock time including the untimed reading and chaining of each batch.</param>
internal sealed record RawResult(long Events, int Batches, int BatchSize, double CopySeconds, double WallSeconds)
{
    public double EventsPerSecond => Events / CopySeconds;
}

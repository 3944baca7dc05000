namespace Tollgate.ScaleOutLoad;

/// <summary>RAW's clock: the summed time of its COPY transactions, each from BEGIN to the completed COMMIT.</summary>
internal sealed class CopyClock
{
    private long ticks;

    public int Batches { get; private set; }

    public double Seconds => TimeSpan.FromTicks(ticks).TotalSeconds;

    public void Add(TimeSpan elapsed)
    {
        ticks += elapsed.Ticks;
        Batches++;
    }
}

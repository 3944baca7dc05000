namespace Tollgate.Core.Requests;

/// <summary>One page of a request search, newest first.</summary>
/// <param name="Filter">What to match.</param>
/// <param name="Limit">Most requests on the page, 1 to <see cref="MaxLimit"/>.</param>
/// <param name="After">Where the page starts: the cursor of the previous page; null for the first.</param>
public sealed record RequestQuery(RequestFilter Filter, int Limit, RequestCursor? After = null)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;
}

namespace Tollgate.Core.Audit;

/// <summary>
/// Thrown when an idempotency key (or client-supplied event id) was already used for different content.
/// Nothing of the batch that contained it is stored.
/// </summary>
public sealed class IdempotencyConflictException : Exception
{
    /// <summary>Creates the exception for the item at <paramref name="index"/> of its batch.</summary>
    public IdempotencyConflictException(int index, string idempotencyKey)
        : base($"The idempotency key or event id of item {index} was already used for a different event.")
    {
        Index = index;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The index of the offending item in its batch.</summary>
    public int Index { get; }

    /// <summary>The key that was reused.</summary>
    public string IdempotencyKey { get; }
}

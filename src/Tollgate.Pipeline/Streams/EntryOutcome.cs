namespace Tollgate.Pipeline.Streams;

/// <summary>Where a collected stream entry stands.</summary>
internal enum EntryOutcome
{
    /// <summary>Not stored yet.</summary>
    Pending,

    /// <summary>Stored by this collector; acknowledge it.</summary>
    Stored,

    /// <summary>A redelivery of an entry that was stored before; acknowledge it without writing again.</summary>
    AlreadyStored,

    /// <summary>Cannot ever be stored (undecodable, or refused by the store); dead-letter and acknowledge it.</summary>
    Rejected,
}

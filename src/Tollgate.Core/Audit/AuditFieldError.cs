namespace Tollgate.Core.Audit;

/// <summary>Why one field of one event was refused.</summary>
/// <param name="Index">The event's position in a bulk call; null for single-event calls.</param>
/// <param name="Field">The offending field (<c>(event)</c> when it concerns the whole event).</param>
/// <param name="Message">What to fix.</param>
public sealed record AuditFieldError(int? Index, string Field, string Message);

namespace Tollgate.Identity.Sessions;

/// <summary>The result of <see cref="SessionService"/>: tokens, or why there are none.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Tokens">The tokens when <see cref="SessionOutcome.Succeeded"/>.</param>
/// <param name="RetryAfter">How long to wait when <see cref="SessionOutcome.Throttled"/>.</param>
public sealed record SessionResult(SessionOutcome Outcome, SessionTokens? Tokens = null, TimeSpan RetryAfter = default);

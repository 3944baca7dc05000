using Tollgate.Core.Identity;

namespace Tollgate.Identity.Users;

/// <summary>The result of <see cref="UserAccounts.CreateAsync"/>.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="User">The new user when <see cref="UserCreation.Created"/>.</param>
/// <param name="Message">What to fix otherwise.</param>
public sealed record UserCreationResult(UserCreation Outcome, User? User = null, string? Message = null);

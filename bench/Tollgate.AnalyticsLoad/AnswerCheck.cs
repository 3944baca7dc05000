namespace Tollgate.AnalyticsLoad;

/// <summary>One answer of the analytics API compared with what the generator sent.</summary>
/// <param name="What">The call and what was compared.</param>
/// <param name="Expected">What the generator counted.</param>
/// <param name="Actual">What the server answered (or where it first differed).</param>
/// <param name="Passed">Whether the answer was exactly what was sent.</param>
internal sealed record AnswerCheck(string What, string Expected, string Actual, bool Passed);

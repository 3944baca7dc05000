namespace Tollgate.Core.Requests;

/// <summary>A captured body: text of a JSON or text media type, redacted and cut at the capture cap.</summary>
/// <param name="ContentType">The Content-Type the body was sent with; null when none was.</param>
/// <param name="Text">The captured text, never longer than the cap (in UTF-8 bytes) and never cut inside a character.</param>
/// <param name="Truncated">True when the body was longer than the cap; <paramref name="Text"/> is its start.</param>
public sealed record CapturedBody(string? ContentType, string Text, bool Truncated);

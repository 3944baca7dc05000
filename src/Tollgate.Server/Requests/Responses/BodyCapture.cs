using Tollgate.Core.Requests;

namespace Tollgate.Server.Requests.Responses;

/// <summary>A captured request or response body as the requests API shows and takes it.</summary>
/// <param name="ContentType">The Content-Type the body was sent with; null when none was.</param>
/// <param name="Text">The body's text, redacted, at most 1 MiB of UTF-8.</param>
/// <param name="Truncated">True when the body was longer than what <paramref name="Text"/> holds.</param>
internal sealed record BodyCapture(string? ContentType, string Text, bool Truncated)
{
    /// <summary>The API form of a stored body; null stays null.</summary>
    public static BodyCapture? From(CapturedBody? body) =>
        body is null ? null : new BodyCapture(body.ContentType, body.Text, body.Truncated);
}

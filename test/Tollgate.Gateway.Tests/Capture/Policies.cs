using System.Text;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

/// <summary>Capture policies for the redaction tests.</summary>
internal static class Policies
{
    /// <summary>Body capture with the default rules.</summary>
    public static CapturePolicy Bodies { get; } = CapturePolicy.Create(new CaptureOptions { Mode = CaptureMode.Bodies });

    /// <summary>Body capture with the default rules and <paramref name="configure"/>'s additions.</summary>
    public static CapturePolicy With(Action<CaptureOptions> configure)
    {
        var options = new CaptureOptions { Mode = CaptureMode.Bodies };
        configure(options);
        return CapturePolicy.Create(options);
    }

    /// <summary>The complete JSON body redacted by <paramref name="policy"/> (default: <see cref="Bodies"/>).</summary>
    public static string Json(string json, CapturePolicy? policy = null) =>
        (policy ?? Bodies).RedactBody(Encoding.UTF8.GetBytes(json), "application/json", truncated: false);
}

using System.Buffers;
using System.Text.Json;

namespace Tollgate.Bench;

/// <summary>
/// Audit events shaped like seed 002's <c>POST /events</c> example (user_id, event_type, timestamp, src_service,
/// invariant_data, app_data), about 400 bytes each, with user ids, event types and services that vary from event
/// to event. Deterministic: event <c>i</c> is the same bytes in every run, so runs compare.
/// </summary>
/// <remarks>Stateless and thread-safe. Linked into both bench projects.</remarks>
internal static class Seed002Events
{
    private static readonly (string Type, string Service, string Message)[] Kinds =
    [
        ("account_created", "user_service", "User created account"),
        ("account_linked", "identity_service", "Customer record linked to external identity"),
        ("billing_charged", "billing_service", "Card charged for subscription renewal"),
        ("billing_refunded", "billing_service", "Refund issued for disputed charge"),
        ("profile_updated", "user_service", "User changed profile details"),
        ("password_reset", "auth_service", "Password reset completed"),
        ("session_started", "auth_service", "User signed in"),
        ("account_deleted", "user_service", "User deleted account"),
    ];

    private static readonly string[] Plans = ["free", "team", "business", "enterprise"];

    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Event <paramref name="index"/> as a UTF-8 JSON object.</summary>
    public static byte[] Event(int index)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, index);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A bulk body: a JSON array of the events <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1.</summary>
    public static byte[] Array(int first, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 448);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = first; i < first + count; i++)
            {
                Write(writer, i);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, int index)
    {
        // A multiplicative hash spreads consecutive indexes over users and kinds without a random generator.
        var mix = (uint)index * 2_654_435_761u;
        var user = mix % 50_000;
        var (type, service, message) = Kinds[(mix >> 16) % (uint)Kinds.Length];
        writer.WriteStartObject();
        writer.WriteString("user_id", $"user-{user:D6}");
        writer.WriteString("event_type", type);
        writer.WriteString("timestamp", Start.AddMilliseconds(index * 7L));
        writer.WriteString("src_service", service);
        writer.WriteStartObject("invariant_data");
        writer.WriteString("message", message);
        writer.WriteNumber("priority", (int)(mix % 3) + 1);
        writer.WriteString("trace", $"trace_{mix:x8}{index:x8}");
        writer.WriteEndObject();
        writer.WriteStartObject("app_data");
        writer.WriteString("username", $"customer{user}");
        writer.WriteString("email", $"customer{user}@example.com");
        writer.WriteString("plan", Plans[(mix >> 8) % (uint)Plans.Length]);
        writer.WriteString("ip", $"10.{(mix >> 24) & 0xff}.{(mix >> 12) & 0xff}.{mix & 0xff}");
        writer.WriteString("user_agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0");
        writer.WriteBoolean("mfa", (mix & 1) == 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

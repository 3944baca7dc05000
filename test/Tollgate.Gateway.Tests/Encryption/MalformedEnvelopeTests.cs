using System.Buffers.Text;
using System.Text;
using Tollgate.Gateway.Encryption;

namespace Tollgate.Gateway.Tests.Encryption;

/// <summary>Everything that is not exactly an envelope is refused as malformed, without an exception.</summary>
public sealed class MalformedEnvelopeTests
{
    private static readonly PayloadEncryption Encryption = KeyRings.Create(("k1", KeyRings.NewKey()));
    private static readonly byte[] Valid = Encryption.Encrypt("{\"amount\":42}"u8);
    private static readonly string Iv = Envelopes.Member(Valid, "iv");
    private static readonly string Ct = Envelopes.Member(Valid, "ct");
    private static readonly string Tag = Envelopes.Member(Valid, "tag");

    /// <summary>The valid envelope's members, each as written, so a case changes exactly one thing.</summary>
    private static string Kid => "\"kid\":\"k1\"";

    private static string IvMember => $"\"iv\":\"{Iv}\"";

    private static string CtMember => $"\"ct\":\"{Ct}\"";

    private static string TagMember => $"\"tag\":\"{Tag}\"";

    private static string Members => $"{Kid},{IvMember},{CtMember},{TagMember}";

    public static TheoryData<string, string> Cases => new()
    {
        { "empty body", "" },
        { "whitespace only", "  \n" },
        { "not JSON", "kid=k1&iv=x" },
        { "truncated", "{" + Members },
        { "array", "[" + Members.Replace(':', ',') + "]" },
        { "string", "\"" + Ct + "\"" },
        { "null", "null" },
        { "empty object", "{}" },
        { "missing kid", $"{{{IvMember},{CtMember},{TagMember}}}" },
        { "missing iv", $"{{{Kid},{CtMember},{TagMember}}}" },
        { "missing ct", $"{{{Kid},{IvMember},{TagMember}}}" },
        { "missing tag", $"{{{Kid},{IvMember},{CtMember}}}" },
        { "extra member", $"{{{Members},\"alg\":\"A256GCM\"}}" },
        { "member name in other case", $"{{\"KID\":\"k1\",{IvMember},{CtMember},{TagMember}}}" },
        { "duplicate kid", $"{{{Members},{Kid}}}" },
        { "duplicate ct", $"{{{CtMember},{Members}}}" },
        { "kid a number", $"{{\"kid\":1,{IvMember},{CtMember},{TagMember}}}" },
        { "kid null", $"{{\"kid\":null,{IvMember},{CtMember},{TagMember}}}" },
        { "iv a number", $"{{{Kid},\"iv\":12,{CtMember},{TagMember}}}" },
        { "ct an array", $"{{{Kid},{IvMember},\"ct\":[\"{Ct}\"],{TagMember}}}" },
        { "tag an object", $"{{{Kid},{IvMember},{CtMember},\"tag\":{{\"b64\":\"{Tag}\"}}}}" },
        { "ct a boolean", $"{{{Kid},{IvMember},\"ct\":true,{TagMember}}}" },
        { "iv of 11 bytes", With("iv", Base64Url.EncodeToString(new byte[11])) },
        { "iv of 13 bytes", With("iv", Base64Url.EncodeToString(new byte[13])) },
        { "iv empty", With("iv", "") },
        { "tag of 15 bytes", With("tag", Base64Url.EncodeToString(new byte[15])) },
        { "tag of 17 bytes", With("tag", Base64Url.EncodeToString(new byte[17])) },
        { "tag with padding", With("tag", Tag + "==") },
        { "ct with padding", With("ct", Base64Url.EncodeToString(new byte[4]) + "==") },
        { "ct in standard base64 (+ and /)", With("ct", "+/+/" + Ct[4..]) },
        { "ct with a space", With("ct", Ct[..4] + " " + Ct[4..]) },
        { "ct with an escaped newline", With("ct", Ct[..4] + "\\n" + Ct[4..]) },
        { "ct of impossible length (4n+1 characters)", With("ct", "AAAAA") },
        { "ct with non-zero bits after the last byte", With("ct", "AB") },
        { "ct with a non-ASCII letter", With("ct", "é" + Ct[2..]) },
        { "iv with a bad escape", With("iv", "\\x41" + Iv[1..]) },
        { "trailing comma", $"{{{Members},}}" },
        { "comment", $"{{/* envelope */{Members}}}" },
        { "second object after it", $"{{{Members}}}{{}}" },
        { "text after it", $"{{{Members}}} x" },
        { "single quotes", $"{{'kid':'k1',{IvMember},{CtMember},{TagMember}}}" },
        { "byte order mark", $"\uFEFF{{{Members}}}" },
    };

    [Fact]
    public void The_unmodified_members_form_a_valid_envelope()
    {
        Assert.True(Encryption.TryDecrypt(Encoding.UTF8.GetBytes($"{{{Members}}}"), out _, out var error), error.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_refused_as_malformed(string name, string envelope)
    {
        var decrypted = Encryption.TryDecrypt(Encoding.UTF8.GetBytes(envelope), out var plaintext, out var error);

        Assert.False(decrypted, name);
        Assert.Null(plaintext);
        Assert.Equal(PayloadDecryptionError.MalformedEnvelope, error);
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xfe })]
    [InlineData(new byte[] { (byte)'{', 0xc3 })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xed, 0xa0, 0x80, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    public void Invalid_utf8_is_refused_as_malformed(byte[] envelope)
    {
        Assert.False(Encryption.TryDecrypt(envelope, out _, out var error));
        Assert.Equal(PayloadDecryptionError.MalformedEnvelope, error);
    }

    [Fact]
    public void Deep_nesting_is_refused_as_malformed_without_descending()
    {
        var deep = $"{{{Kid},\"iv\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        Assert.False(Encryption.TryDecrypt(Encoding.UTF8.GetBytes(deep), out _, out var error));
        Assert.Equal(PayloadDecryptionError.MalformedEnvelope, error);
    }

    [Fact]
    public void Malformed_wins_over_an_unknown_kid()
    {
        var envelope = $"{{\"kid\":\"nobody\",{IvMember},{CtMember}}}";

        Assert.False(Encryption.TryDecrypt(Encoding.UTF8.GetBytes(envelope), out _, out var error));
        Assert.Equal(PayloadDecryptionError.MalformedEnvelope, error);
    }

    private static string With(string member, string value) =>
        "{" + Members.Replace($"\"{member}\":\"{Envelopes.Member(Valid, member)}\"", $"\"{member}\":\"{value}\"", StringComparison.Ordinal) + "}";
}

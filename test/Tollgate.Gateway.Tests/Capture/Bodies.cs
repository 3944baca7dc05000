using System.Text;
using Tollgate.Gateway.Capture;

namespace Tollgate.Gateway.Tests.Capture;

/// <summary>Bodies of known content and size for the capture tests.</summary>
internal static class Bodies
{
    /// <summary>The default cap, which the size theories straddle.</summary>
    public const int Cap = CaptureDefaults.MaxBodyBytes;

    /// <summary>Ten megabytes: far over any cap.</summary>
    public const int Large = 10 * 1024 * 1024;

    /// <summary>Body sizes around the cap.</summary>
    public static TheoryData<int> SizesAroundTheCap => [0, 1, Cap - 1, Cap, Cap + 1, Large];

    /// <summary>Bytes that differ from position to position (a counter mod 251), so a dropped, doubled or moved byte shows.</summary>
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }

        return bytes;
    }

    /// <summary>
    /// Valid UTF-8 of exactly <paramref name="length"/> bytes mixing 1- to 4-byte characters (20 bytes a round, so
    /// the default cap falls inside an emoji), padded with 'x' where a character would not fit.
    /// </summary>
    public static byte[] MultiByteText(int length)
    {
        const string Sample = "a€é😀b日ß😀";
        var sampleBytes = Encoding.UTF8.GetByteCount(Sample);
        var text = new StringBuilder();
        for (var bytes = 0; bytes < length; bytes += sampleBytes)
        {
            text.Append(Sample);
        }

        var utf8 = Encoding.UTF8.GetBytes(text.ToString());
        var valid = length;
        while (valid > 0 && valid < utf8.Length && (utf8[valid] & 0xC0) == 0x80)
        {
            valid--;
        }

        var body = new byte[length];
        utf8.AsSpan(0, valid).CopyTo(body);
        body.AsSpan(valid).Fill((byte)'x');
        return body;
    }

    /// <summary>UTF-8 of <c>text</c>.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

using System.Security.Cryptography;

namespace Tollgate.Gateway.Encryption;

/// <summary>
/// A decrypted request body, read from memory by the steps after decryption and by the forwarder, and zeroed when the
/// request ends (registered with <c>HttpResponse.RegisterForDispose</c>) so the plaintext does not linger on the heap.
/// Its buffer is visible (<see cref="MemoryStream.TryGetBuffer"/>), so validation reads it in place.
/// </summary>
internal sealed class PlaintextRequestBody : MemoryStream
{
    private readonly byte[] plaintext;

    public PlaintextRequestBody(byte[] plaintext)
        : base(plaintext, 0, plaintext.Length, writable: false, publiclyVisible: true) => this.plaintext = plaintext;

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(plaintext);
        base.Dispose(disposing);
    }
}

using System.Security.Cryptography;
using Tollgate.Core.Audit;

namespace Tollgate.Core.Tests.Audit;

public sealed class AuditChainTests
{
    [Fact]
    public void Genesis_is_32_zero_bytes()
    {
        Assert.Equal(32, AuditChain.HashSize);
        Assert.Equal(new byte[32], AuditChain.GenesisHash.ToArray());
    }

    [Fact]
    public void Hash_is_sha256_of_the_previous_hash_followed_by_the_document()
    {
        var previous = RandomNumberGenerator.GetBytes(32);
        var document = """{"event_type":"user.login","user_id":"1"}"""u8.ToArray();

        var hash = AuditChain.ComputeHash(previous, document);

        Assert.Equal(SHA256.HashData([.. previous, .. document]), hash);
    }

    [Fact]
    public void Matches_fixed_vectors_computed_elsewhere()
    {
        // Python: h1 = sha256(bytes(32) + b'{"a":1}'); h2 = sha256(h1 + b'{"b":2}').
        var first = AuditChain.ComputeHash(AuditChain.GenesisHash.Span, """{"a":1}"""u8);
        var second = AuditChain.ComputeHash(first, """{"b":2}"""u8);

        Assert.Equal("b06a229070741292512e8760f470dd7a4c46ccfdf253df781d88dabe58c1ccb1", Convert.ToHexStringLower(first));
        Assert.Equal("0b2395e34f7bf5a93f849ba24bfd4e0f93b573e468c754894ad38a08222b0f82", Convert.ToHexStringLower(second));
    }

    [Fact]
    public void Hashes_an_empty_document()
    {
        Assert.Equal(SHA256.HashData(new byte[32]), AuditChain.ComputeHash(AuditChain.GenesisHash.Span, []));
    }

    [Fact]
    public void Writes_the_same_hash_into_a_destination()
    {
        var previous = RandomNumberGenerator.GetBytes(32);
        var document = RandomNumberGenerator.GetBytes(5000);
        var destination = new byte[32];

        AuditChain.ComputeHash(previous, document, destination);

        Assert.Equal(AuditChain.ComputeHash(previous, document), destination);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Rejects_a_previous_hash_of_the_wrong_length(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => AuditChain.ComputeHash(new byte[length], "{}"u8));

        Assert.Equal("previousHash", error.ParamName);
    }
}

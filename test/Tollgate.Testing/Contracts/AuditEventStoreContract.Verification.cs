using Tollgate.Core.Audit;
using Xunit;

namespace Tollgate.Testing.Contracts;

public abstract partial class AuditEventStoreContract
{
    [Fact]
    public async Task An_empty_chain_verifies_with_the_genesis_head()
    {
        var verification = await Store.VerifyChainAsync(TenantA, Ct);

        Assert.True(verification.Ok);
        Assert.Equal(0, verification.Verified);
        Assert.Null(verification.FirstBrokenSequence);
        Assert.Null(verification.Reason);
        Assert.Equal(0, verification.HeadSequence);
        AssertBytes(new byte[AuditChain.HashSize], verification.HeadHash);
        Assert.Null(verification.Checkpoint);
    }

    [Fact]
    public async Task A_populated_chain_verifies_with_its_head()
    {
        await AppendManyAsync(TenantA, 5);
        await AppendManyAsync(TenantA, 7, (e, i) => e.WithMessage($"m{i}"));
        var head = AssertChained(await ReadChainAsync(TenantA), AuditChain.GenesisHash);

        var verification = await AssertVerifiesAsync(TenantA);

        Assert.Equal(12, verification.Verified);
        Assert.Equal(12, verification.HeadSequence);
        AssertBytes(head, verification.HeadHash);
        Assert.Null(verification.Checkpoint);
    }

    [Fact]
    public async Task Concurrent_appends_land_gap_free_and_verify()
    {
        const int writers = 8, batchesPerWriter = 50, batchSize = 20;
        var batches = Enumerable.Range(0, writers)
            .Select(w => Enumerable.Range(0, batchesPerWriter)
                .Select(b => Events.Many(TenantA, batchSize, (e, i) => e.WithUser($"writer-{w}").WithMessage($"{w}/{b}/{i}")))
                .ToArray())
            .ToArray();

        var results = await Task.WhenAll(batches.Select(writerBatches => Task.Run(
            async () =>
            {
                var mine = new List<IReadOnlyList<AuditAppendResult>>();
                foreach (var batch in writerBatches)
                {
                    mine.Add(await Store.AppendAsync(TenantA, batch, Ct));
                }

                return mine;
            },
            Ct)));

        const int total = writers * batchesPerWriter * batchSize;
        var sequences = new List<long>(total);
        for (var w = 0; w < writers; w++)
        {
            for (var b = 0; b < batchesPerWriter; b++)
            {
                var result = results[w][b];
                Assert.Equal(batches[w][b].Select(e => e.Id), result.Select(r => r.EventId));
                Assert.All(result, r => Assert.False(r.Replayed));
                for (var i = 1; i < result.Count; i++)
                {
                    Assert.True(result[i].Sequence > result[i - 1].Sequence, "A batch was not chained in order.");
                }

                sequences.AddRange(result.Select(r => r.Sequence));
            }
        }

        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), sequences.Order());
        Assert.Equal(total, await Store.CountAsync(TenantA, AuditEventFilter.All, Ct));
        var verification = await AssertVerifiesAsync(TenantA);
        Assert.Equal(total, verification.Verified);
        Assert.Equal(total, verification.HeadSequence);
    }

    [Fact]
    public async Task Concurrent_appends_to_different_tenants_stay_separate()
    {
        var tenants = Enumerable.Range(0, 4).Select(t => $"tenant-{t}").ToArray();
        var work = tenants.Select(tenant => Task.Run(
            async () =>
            {
                for (var b = 0; b < 10; b++)
                {
                    await Store.AppendAsync(tenant, Events.Many(tenant, 10), Ct);
                }
            },
            Ct));

        await Task.WhenAll(work);

        foreach (var tenant in tenants)
        {
            var verification = await AssertVerifiesAsync(tenant);
            Assert.Equal(100, verification.HeadSequence);
            Assert.Equal(100, verification.Verified);
        }
    }
}

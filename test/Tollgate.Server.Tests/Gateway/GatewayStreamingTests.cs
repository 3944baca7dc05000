using System.Net;
using System.Text;
using Tollgate.Core.Requests;

namespace Tollgate.Server.Tests.Gateway;

/// <summary>
/// Measures allocations of the whole process, so it runs alone: other tests running beside it would be counted.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class GatewayStreamingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_10_MB_streamed_response_reaches_the_client_whole_while_the_capture_stops_at_32_KB()
    {
        const long size = 10L * 1024 * 1024;
        await using var kestrel = new GatewayFactory(gateway.Factory.ConfigFile, kestrel: true);
        using var client = kestrel.CreateAnonymousClient();
        var requestId = "stream-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/open/stream?bytes={size}");
        request.Headers.Add("X-Request-ID", requestId);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(Cancel);
        var buffer = new byte[64 * 1024];
        long received = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, Cancel)) > 0)
        {
            received += read;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(size, received);

        var record = await Captures.WaitForAsync(kestrel, requestId);
        Assert.Equal(size, record.ResponseBytes);
        Assert.True(record.Detail!.ResponseBody!.Truncated);
        // The cut drops at most the partial last word (it might be the start of a secret).
        Assert.InRange(Encoding.UTF8.GetByteCount(record.Detail.ResponseBody.Text), 32 * 1024 - 256, 32 * 1024);

        // Upstream, gateway and client share this process: buffering the body whole anywhere would allocate 10 MB or more.
        Assert.True(allocated < size, $"Moving 10 MB through the gateway allocated {allocated:N0} bytes.");
    }
}

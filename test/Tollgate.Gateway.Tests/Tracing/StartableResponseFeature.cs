using Microsoft.AspNetCore.Http.Features;

namespace Tollgate.Gateway.Tests.Tracing;

/// <summary>A response feature that keeps <c>OnStarting</c> callbacks and runs them when the test starts the response, as a server does.</summary>
public sealed class StartableResponseFeature : HttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> starting = [];

    public override void OnStarting(Func<object, Task> callback, object state) => starting.Add((callback, state));

    /// <summary>Runs the callbacks, last registered first.</summary>
    public async Task StartAsync()
    {
        for (var i = starting.Count - 1; i >= 0; i--)
        {
            await starting[i].Callback(starting[i].State);
        }
    }
}

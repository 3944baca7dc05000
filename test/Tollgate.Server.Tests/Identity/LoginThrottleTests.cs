using System.Net;
using Tollgate.Core;
using Tollgate.Core.Identity;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Identity;

/// <summary>Password guessing slows down; the clock stands still, so delays last exactly until the test moves it.</summary>
public sealed class LoginThrottleTests(FakeClockFactory factory) : IClassFixture<FakeClockFactory>
{
    [Fact]
    public async Task Repeated_wrong_passwords_throttle_the_account_even_for_the_right_password_until_the_delay_passes()
    {
        var email = IdentityApi.UniqueEmail("guessed");
        await IdentityApi.CreateUserAsync(factory, Tenants.Default, email, Role.Reader);
        using var client = factory.CreateAnonymousClient();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            using var wrong = await IdentityApi.PostLoginAsync(client, email, $"wrong-guess-number-{attempt}");
            await ProblemAssert.IsAsync(wrong, HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        using var throttled = await IdentityApi.PostLoginAsync(client, email, "wrong-guess-number-7");
        using var rightButThrottled = await IdentityApi.PostLoginAsync(client, email.ToUpperInvariant(), IdentityApi.Password);
        using var otherAccount = await IdentityApi.PostLoginAsync(client, IdentityApi.UniqueEmail("bystander"), IdentityApi.Password);

        await ProblemAssert.IsAsync(throttled, HttpStatusCode.TooManyRequests, "login-throttled");
        await ProblemAssert.IsAsync(rightButThrottled, HttpStatusCode.TooManyRequests, "login-throttled");
        var retryAfter = rightButThrottled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        await ProblemAssert.IsAsync(otherAccount, HttpStatusCode.Unauthorized, "invalid-credentials");

        factory.Clock!.Advance(retryAfter.Value - TimeSpan.FromMilliseconds(1));
        using var stillThrottled = await IdentityApi.PostLoginAsync(client, email, IdentityApi.Password);
        await ProblemAssert.IsAsync(stillThrottled, HttpStatusCode.TooManyRequests, "login-throttled");

        factory.Clock.Advance(TimeSpan.FromMilliseconds(1));
        using var right = await IdentityApi.PostLoginAsync(client, email, IdentityApi.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }
}

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Tollgate's error-handling middlewares to the pipeline.</summary>
public static class ProblemsApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the exception handler and status-code pages, both writing problem details. Call right after
    /// <c>UseTollgateRequestTracing</c>, so they wrap everything else and their responses carry the request id.
    /// </summary>
    public static IApplicationBuilder UseTollgateProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

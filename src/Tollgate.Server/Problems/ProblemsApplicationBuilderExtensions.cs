namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Tollgate's error-handling middlewares to the pipeline.</summary>
public static class ProblemsApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the exception handler and status-code pages, both writing problem details. Call first, so they wrap
    /// everything else.
    /// </summary>
    public static IApplicationBuilder UseTollgateProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

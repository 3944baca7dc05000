using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tollgate.Server.Problems;

/// <summary>A value, or the problem response that explains why there is none.</summary>
internal readonly struct ProblemOr<T>
{
    private ProblemOr(T? value, ProblemHttpResult? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public ProblemHttpResult? Problem { get; }

    [MemberNotNullWhen(true, nameof(Problem))]
    [MemberNotNullWhen(false, nameof(Value))]
    public bool IsProblem => Problem is not null;

    public static implicit operator ProblemOr<T>(T value) => From(value);

    public static implicit operator ProblemOr<T>(ProblemHttpResult problem) => FromProblem(problem);

    /// <summary>A value; also for interface types, which implicit conversions cannot take.</summary>
    public static ProblemOr<T> From(T value) => new(value, null);

    public static ProblemOr<T> FromProblem(ProblemHttpResult problem) => new(default, problem);
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CnnGen.Generator.Parsing;

/// <summary>One problem of a network placed in source, with the arguments of its message.</summary>
/// <param name="UseSite">A second location (see <see cref="ProblemLocator.Locate"/>), else null.</param>
/// <param name="UseArgumentsAtFault">The <c>[Use]</c>'s arguments cause it: the fixes' values, which are for the block's argument, do not apply.</param>
internal sealed record LocatedProblem(Problem Problem, Location Location, Location? UseSite, object?[] MessageArguments, bool UseArgumentsAtFault);

/// <summary>
/// Places the problems of a network in source, for the analyzer and, while the compiler prints no analyzer diagnostic,
/// for the generator: a mistake inside a block is reported at the block's attribute, with the <c>[Use]</c> that inserted
/// it as a second location; when the use's arguments cause it, at the use's argument, the block's attribute second, both named.
/// </summary>
internal static class LocatedProblems
{
    public static IEnumerable<LocatedProblem> Of(INamedTypeSymbol type, NetworkSpec spec, IEnumerable<Problem> problems, CancellationToken cancellationToken)
    {
        var locator = new ProblemLocator(type, spec, cancellationToken);
        foreach (var problem in problems)
        {
            var location = locator.Locate(problem.Location, out var useSite, out var cause);
            var arguments = problem.MessageArguments.Cast<object?>().ToArray();
            if (cause is not null && arguments.Length > 0) arguments[0] = $"{arguments[0]} ({cause})";
            yield return new LocatedProblem(problem, location, useSite, arguments, cause is not null);
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CnnGen.Generator;

/// <summary>A source location as plain values (pipeline models hold no syntax).</summary>
internal readonly record struct LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo From(Location location) =>
        new(location.SourceTree?.FilePath ?? "", location.SourceSpan, location.GetLineSpan().Span);
}

/// <summary>One diagnostic of a class as plain values: its kind, where, a second location, the message's arguments.</summary>
internal sealed record DiagnosticInfo(ProblemKind Kind, LocationInfo Location, LocationInfo? Additional, EquatableArray<string> Arguments);

/// <summary>What the analyzer reports for one network or block class, and whether it has an unknown layer attribute.</summary>
internal sealed record ClassDiagnostics(bool HasUnknownLayerAttribute, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// The command-line compiler prints no analyzer diagnostic once a declaration has an error, and an attribute that does not
/// bind (CS0246 for <c>[Conv2d]</c>) is one: <c>dotnet build</c> would show that CS0246 alone and hide the CNN diagnostics
/// of every network. Generator diagnostics are printed regardless, so while a network or block carries an unknown
/// attribute that names a layer (CNN0007), the generator reports what the analyzer would: CNN0007 and every network's
/// problems. Otherwise it reports nothing, and the analyzer everything.
/// </summary>
internal static class DiagnosticsWithoutAnalyzers
{
    /// <summary>A network's CNN0007 and problems, located as the analyzer locates them.</summary>
    public static ClassDiagnostics OfNetwork(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = UnknownAttributes(type, cancellationToken);
        var hasUnknown = diagnostics.Count > 0;
        if (type.TypeKind == TypeKind.Class)
        {
            var spec = SpecReader.Read(type, cancellationToken);
            var result = NetworkAnalysis.Analyze(spec, cancellationToken);
            diagnostics.AddRange(LocatedProblems.Of(type, spec, result.Problems, cancellationToken).Select(located => new DiagnosticInfo(
                located.Problem.Kind,
                LocationInfo.From(located.Location),
                located.UseSite is null ? null : LocationInfo.From(located.UseSite),
                located.MessageArguments.Select(a => a?.ToString() ?? "").ToEquatableArray())));
        }
        return new ClassDiagnostics(hasUnknown, diagnostics.ToEquatableArray());
    }

    /// <summary>A block's CNN0007 (its layers' problems are reported where a network uses it).</summary>
    public static ClassDiagnostics OfBlock(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = UnknownAttributes((INamedTypeSymbol)context.TargetSymbol, cancellationToken);
        return new ClassDiagnostics(diagnostics.Count > 0, diagnostics.ToEquatableArray());
    }

    /// <summary>Reports every class's diagnostics when some class has an unknown layer attribute, else nothing.</summary>
    public static void Report(SourceProductionContext context, ImmutableArray<ClassDiagnostics> networks, ImmutableArray<ClassDiagnostics> blocks)
    {
        var all = networks.Concat(blocks).ToList();
        if (!all.Any(c => c.HasUnknownLayerAttribute)) return;
        foreach (var diagnostic in all.SelectMany(c => c.Diagnostics)) context.ReportDiagnostic(Create(diagnostic));
    }

    static List<DiagnosticInfo> UnknownAttributes(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        UnknownLayerAttributes.Find(type, cancellationToken)
            .Select(unknown => new DiagnosticInfo(ProblemKind.UnknownLayerAttribute, LocationInfo.From(unknown.Name.GetLocation()), null,
                unknown.MessageArguments.ToEquatableArray()))
            .ToList();

    static Diagnostic Create(DiagnosticInfo diagnostic)
    {
        var info = ProblemCatalog.Get(diagnostic.Kind);
        var severity = info.Severity switch
        {
            ProblemSeverity.Error => DiagnosticSeverity.Error,
            ProblemSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
        var message = string.Format(CultureInfo.InvariantCulture, info.MessageFormat, diagnostic.Arguments.Cast<object>().ToArray());
        return Diagnostic.Create(info.Id, ProblemCatalog.Category, message, severity, severity, isEnabledByDefault: true,
            warningLevel: severity == DiagnosticSeverity.Error ? 0 : 1, title: info.Title, helpLink: ProblemCatalog.HelpLink(info.Id),
            location: diagnostic.Location.ToLocation(),
            additionalLocations: diagnostic.Additional is { } additional ? [additional.ToLocation()] : null);
    }
}

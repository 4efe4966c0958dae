using System.Globalization;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit;

/// <summary>
/// How layer names become member names: <c>conv1</c> → <c>Conv1WeightOffset</c>, <c>_conv1Output</c>; a module path's
/// dots and dashes become underscores (<c>layer1.0.conv1</c> → <c>Layer1_0_conv1WeightOffset</c>, <c>block1-0</c> →
/// <c>Block1_0</c>); weight keys keep the name as written.
/// </summary>
internal static class Names
{
    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + Identifier(name.Substring(1));

    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + Identifier(name.Substring(1));

    static string Identifier(string path) => path.Replace('.', '_').Replace('-', '_');

    public static string Pascal(LayerPlan layer) => Pascal(layer.Name);

    public static string Field(LayerPlan layer, string what) => Field(layer.Name, what);

    public static string Field(string layer, string what) => "_" + Camel(layer) + what;

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>12,345 style for comments and tables.</summary>
    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A float literal that round-trips: <c>0.5f</c>, <c>1E-05f</c>.</summary>
    public static string Float(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";

    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A C# string literal.</summary>
    public static string Literal(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);
}

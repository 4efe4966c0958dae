namespace CnnGen.Generator;

/// <summary>Stamped into <c>[GeneratedCode]</c> on every generated class.</summary>
internal static class ThisAssembly
{
    public const string Version = "0.1.0";
}

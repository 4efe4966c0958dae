using Microsoft.CodeAnalysis;

namespace CnnGen.Generator;

/// <summary>Turns <c>[Network]</c> declarations into specialised forward and backward code.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}

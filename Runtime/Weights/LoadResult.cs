namespace CnnGen.Weights;

/// <summary>
/// What a non-strict load matched: PyTorch's <c>_IncompatibleKeys</c> that <c>load_state_dict(strict=False)</c> returns.
/// </summary>
/// <param name="MissingKeys">The network's tensors the file did not hold: they kept their values (a new head, say).</param>
/// <param name="UnexpectedKeys">The file's keys the network does not have: read past, never stored.</param>
public sealed record LoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);

namespace CnnGen.Generator;

/// <summary>Names of the pipeline steps, for <c>WithTrackingName</c> and the incrementality tests.</summary>
internal static class TrackingNames
{
    /// <summary>Attribute data → <see cref="Model.NetworkSpec"/>.</summary>
    public const string Spec = nameof(Spec);

    /// <summary>Spec → analysis (plan + problems).</summary>
    public const string Analysis = nameof(Analysis);

    /// <summary>Analysis → the plan of a valid network.</summary>
    public const string Plan = nameof(Plan);

    /// <summary>Plan → the lowered <see cref="Program.NetworkProgram"/>.</summary>
    public const string Program = nameof(Program);

    /// <summary>Program → its int8 form (<see cref="Program.QuantizedProgram"/>).</summary>
    public const string Quantized = nameof(Quantized);
}

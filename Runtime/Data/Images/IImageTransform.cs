namespace CnnGen.Data;

/// <summary>
/// A transform of one decoded image, as in <c>torchvision.transforms</c> on tensor images: it may change the size
/// (<see cref="Resize"/>, <see cref="CenterCrop"/>, <see cref="RandomResizedCrop"/>) or the values
/// (<see cref="Normalize"/>, <see cref="RandomHorizontalFlip"/>). Random transforms draw from the
/// <see cref="SeededRandom"/> they are given, in a fixed order, in scalar code: the same stream gives the same bits
/// on every machine and thread.
/// </summary>
public interface IImageTransform
{
    /// <summary>The transformed image; may be <paramref name="image"/> itself, changed in place.</summary>
    ImageTensor Apply(ImageTensor image, SeededRandom random);
}

/// <summary>Several image transforms applied in order (<c>torchvision.transforms.Compose</c>).</summary>
public sealed class Compose : IImageTransform
{
    readonly IImageTransform[] _steps;

    /// <summary>Applies <paramref name="steps"/> one after the other.</summary>
    /// <exception cref="ArgumentException">A step is null.</exception>
    public Compose(params IImageTransform[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Any(s => s is null)) throw new ArgumentException("Expected no null transform.", nameof(steps));
        _steps = [.. steps];
    }

    /// <summary>The transforms, in order.</summary>
    public IReadOnlyList<IImageTransform> Steps => _steps;

    /// <inheritdoc />
    public ImageTensor Apply(ImageTensor image, SeededRandom random)
    {
        foreach (var step in _steps) image = step.Apply(image, random);
        return image;
    }

    /// <summary>Names and settings of the steps, e.g. <c>Resize(36) + CenterCrop(32×32)</c>.</summary>
    public override string ToString() => _steps.Length == 0 ? "none" : string.Join(" + ", _steps.Select(s => s.ToString()));
}

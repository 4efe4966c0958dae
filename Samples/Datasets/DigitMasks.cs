using CnnGen.Data;

namespace CnnGen.Samples.Datasets;

/// <summary>
/// Per-pixel labels for MNIST digits, a segmentation task on real images: 0 for the background, 1 + the digit's class
/// for its ink (pixels at or above <see cref="InkThreshold"/>), 11 classes.
/// </summary>
public static class DigitMasks
{
    /// <summary>Background plus one class per digit.</summary>
    public const int Classes = 11;

    /// <summary>The grey level (in [0, 1]) from which a pixel counts as the digit's ink.</summary>
    public const float InkThreshold = 0.5f;

    /// <summary>Names of the mask classes, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["background", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>The images of <paramref name="digits"/> (copied) with a mask each of their own height and width.</summary>
    /// <exception cref="ArgumentException">The dataset has more than 10 classes or more than one channel.</exception>
    public static SegmentationDataset Of(Dataset digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Classes > Classes - 1 || digits.Channels != 1)
            throw new ArgumentException($"Expected grey digits of at most 10 classes, got {digits.Channels} channels and {digits.Classes} classes.", nameof(digits));
        var pixels = digits.Height * digits.Width;
        var images = digits.Images;
        var masks = new int[digits.Count * pixels];
        for (var i = 0; i < masks.Length; i++) masks[i] = images[i] >= InkThreshold ? 1 + digits.Label(i / pixels) : 0;
        return new SegmentationDataset(images.ToArray(), masks, 1, digits.Height, digits.Width, Classes);
    }
}

using CnnGen.Data;

namespace CnnGen.Tests.Data;

/// <summary>Each transform on small images whose result is known by hand; streams, composition and the batch path.</summary>
public sealed class AugmentationTests
{
    // 1 channel, 3 × 4:
    //  1  2  3  4
    //  5  6  7  8
    //  9 10 11 12
    static float[] Small() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    /// <summary>A stream whose first NextInt(5) draws are the given values (found by search, so the test states them).</summary>
    static SeededRandom StreamDrawing(params int[] draws)
    {
        for (var seed = 0; ; seed++)
        {
            var probe = new SeededRandom(seed);
            if (draws.All(d => probe.NextInt(5) == d)) return new SeededRandom(seed);
        }
    }

    [Fact]
    public void Translation_moves_the_picture_and_fills_with_zeros()
    {
        var image = Small();
        // dx = 2 − 2 = 0 would be no move; draws (4, 1) give dx = +2, dy = −1.
        new RandomTranslation(2).Apply(image, 1, 3, 4, StreamDrawing(4, 1), new float[12]);
        Assert.Equal([0, 0, 5, 6, 0, 0, 9, 10, 0, 0, 0, 0], image);
    }

    [Fact]
    public void Crop_with_padding_is_a_window_of_the_zero_padded_image()
    {
        var image = Small();
        // top = 0, left = 3 in the 2-padded 7 × 8 image: the picture moves down 2 and left 1.
        new RandomCrop(2).Apply(image, 1, 3, 4, StreamDrawing(0, 3), new float[12]);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 4, 0], image);
    }

    [Fact]
    public void Shifts_of_the_whole_image_or_more_leave_zeros_and_no_shift_leaves_it()
    {
        var image = Small();
        new RandomCrop(0).Apply(image, 1, 3, 4, new SeededRandom(1), new float[12]);
        Assert.Equal(Small(), image);
        new RandomCrop(4).Apply(image, 1, 3, 4, StreamDrawing(0, 0), new float[12]);
        Assert.All(image, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Warp_by_90_degrees_turns_counter_clockwise_and_identity_keeps_the_image()
    {
        // 3 × 3: the right column moves to the top row.
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        RandomAffine.Warp(image, 1, 3, 3, 90, 1, new float[9]);
        Assert.Equal([3, 6, 9, 2, 5, 8, 1, 4, 7], image.Select(v => MathF.Round(v, 5)).ToArray());

        var same = Small();
        RandomAffine.Warp(same, 1, 3, 4, 0, 1, new float[12]);
        Assert.Equal(Small(), same);
    }

    [Fact]
    public void Warp_scaling_up_by_two_interpolates_between_pixels_and_zero_outside()
    {
        // A 1 × 4 row scaled ×2 about x = 1.5: output x reads input 1.5 + (x − 1.5)/2 = 0.75, 1.25, 1.75, 2.25.
        float[] row = [0, 4, 8, 12];
        RandomAffine.Warp(row, 1, 1, 4, 0, 2, new float[4]);
        Assert.Equal([3, 5, 7, 9], row);
        // Scaled ×0.5: reads −1.5, 0.5, 2.5, 4.5; outside the image counts as 0 (grid_sample's zeros padding).
        float[] shrink = [0, 4, 8, 12];
        RandomAffine.Warp(shrink, 1, 1, 4, 0, 0.5, new float[4]);
        Assert.Equal([0, 2, 10, 0], shrink);
    }

    [Fact]
    public void Flip_mirrors_every_row_of_every_channel_with_probability_one_and_never_with_zero()
    {
        var image = Small().Concat(Small()).ToArray();
        new RandomHorizontalFlip(1).Apply(image, 2, 3, 2 * 2, new SeededRandom(0), new float[24]);
        float[] mirrored = [4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9];
        Assert.Equal(mirrored.Concat(mirrored), image);
        var kept = Small();
        new RandomHorizontalFlip(0).Apply(kept, 1, 3, 4, new SeededRandom(0), new float[12]);
        Assert.Equal(Small(), kept);
    }

    [Fact]
    public void Erasing_zeroes_one_rectangle_in_every_channel_within_its_area_bounds()
    {
        var ones = Enumerable.Repeat(1f, 2 * 10 * 10).ToArray();
        var erasing = new RandomErasing(probability: 1, minArea: 0.1, maxArea: 0.2, minRatio: 0.5, maxRatio: 2);
        for (var seed = 0; seed < 20; seed++)
        {
            var image = ones.ToArray();
            erasing.Apply(image, 2, 10, 10, new SeededRandom(seed), new float[200]);
            var zeros = image.Take(100).Select((v, i) => (v, i)).Where(p => p.v == 0).Select(p => p.i).ToArray();
            Assert.Equal(zeros, image.Skip(100).Select((v, i) => (v, i)).Where(p => p.v == 0).Select(p => p.i));
            int top = zeros.Min() / 10, bottom = zeros.Max() / 10, left = zeros.Min(i => i % 10), right = zeros.Max(i => i % 10);
            var (h, w) = (bottom - top + 1, right - left + 1);
            Assert.Equal(h * w, zeros.Length); // one solid rectangle
            // h·w is the rounded √(area·r)·√(area/r): within a pixel's rounding of 10–20 pixels.
            Assert.InRange(h * w, 6, 30);
            Assert.InRange((double)h / w, 0.3, 3.5);
        }
        var never = ones.ToArray();
        new RandomErasing(probability: 0).Apply(never, 2, 10, 10, new SeededRandom(1), new float[200]);
        Assert.Equal(ones, never);
    }

    [Fact]
    public void Erase_places_the_rectangle_it_is_given()
    {
        var image = Small();
        RandomErasing.Erase(image, 1, 3, 4, top: 1, left: 1, h: 2, w: 2);
        Assert.Equal([1, 2, 3, 4, 5, 0, 0, 8, 9, 0, 0, 12], image);
    }

    [Fact]
    public void A_composition_applies_its_steps_in_order_and_the_same_stream_gives_the_same_bits()
    {
        var pipeline = new Augmentations(new RandomAffine(15, 0.9, 1.1), new RandomTranslation(2), new RandomHorizontalFlip(), new RandomErasing());
        var source = Enumerable.Range(0, 3 * 8 * 8).Select(i => (float)Math.Sin(i)).ToArray();
        float[] Run(int seed)
        {
            var random = new SeededRandom(seed);
            var image = source.ToArray();
            for (var k = 0; k < 5; k++) pipeline.Apply(image, 3, 8, 8, random, new float[image.Length]);
            return image;
        }
        Assert.Equal(Run(4), Run(4));
        Assert.NotEqual(Run(4), Run(5));
        Assert.Equal("RandomAffine(degrees=15, scale=[0.9, 1.1]) + RandomTranslation(max=2px) + RandomHorizontalFlip(p=0.5) + RandomErasing(p=0.5, scale=[0.02, 0.33], ratio=[0.3, 3.3])", pipeline.ToString());

        var flipTwice = new Augmentations(new RandomHorizontalFlip(1), new RandomHorizontalFlip(1));
        var image = Small();
        flipTwice.Apply(image, 1, 3, 4, new SeededRandom(0), new float[12]);
        Assert.Equal(Small(), image);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_expected_shape()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomTranslation(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomCrop(-2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomAffine(10, 1.2, 1.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomHorizontalFlip(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomErasing(minArea: 0.5, maxArea: 0.2));
        Assert.Throws<ArgumentException>(() => new Augmentations(new RandomCrop(1), null!));
        var wrong = Assert.Throws<ArgumentException>(() => new RandomCrop(1).Apply(new float[11], 1, 3, 4, new SeededRandom(0), new float[12]));
        Assert.Contains("1×3×4 = 12", wrong.Message);
        Assert.Throws<ArgumentException>(() => new RandomCrop(1).Apply(new float[12], 1, 3, 4, new SeededRandom(0), new float[11]));
    }

    [Fact]
    public void Batches_are_augmented_per_sample_from_their_own_seeded_stream_without_allocating()
    {
        var images = Enumerable.Range(0, 6 * 16).Select(i => (float)(i % 7)).ToArray();
        var data = new Dataset(images, [0, 1, 2, 0, 1, 2], 1, 4, 4, 3);
        var plain = new MiniBatches(data, 3, seed: 9);
        var augmented = new MiniBatches(data, 3, seed: 9, augmentation: new RandomCrop(1));
        var again = new MiniBatches(data, 3, seed: 9, augmentation: new RandomCrop(1));
        plain.Shuffle(); augmented.Shuffle(); again.Shuffle();
        var a = augmented.Fill(0).Inputs.ToArray();
        Assert.Equal(a, again.Fill(0).Inputs.ToArray());
        Assert.Equal(plain.Fill(0).Labels.ToArray(), augmented.Fill(0).Labels.ToArray()); // the order is not disturbed
        Assert.NotEqual(plain.Fill(0).Inputs.ToArray(), a);
        // Each epoch's variants differ (the stream moves on), and filling allocates nothing.
        var second = augmented.Fill(0).Inputs.ToArray();
        Assert.NotEqual(a, second);
        var before = GC.GetAllocatedBytesForCurrentThread();
        augmented.Fill(1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using CnnGen.Data;

namespace CnnGen.Tests.Data;

/// <summary>
/// The image folder and its streaming loader on the committed tree (three classes, six 6×5 images: PNG, grey PNG,
/// JPEG, BMP): loading into a dataset, clear errors, and batches whose order and augmentation bits do not depend
/// on the worker or prefetch count.
/// </summary>
public sealed class ImageFolderTests
{
    static string Root => Path.Combine(ImageGoldenTests.FixtureFolder, "folder");

    static IImageTransform Augmentation() => new Compose(new RandomResizedCrop(4, 3), new RandomHorizontalFlip(), new Normalize([0.5f], [0.25f]));

    [Fact]
    public void Load_decodes_every_image_into_a_labelled_dataset()
    {
        var folder = new ImageFolder(Root);
        var data = folder.Load();
        Assert.Equal((6, 3, 6, 5, 3), (data.Count, data.Channels, data.Height, data.Width, data.Classes));
        Assert.Equal([0, 1, 1, 1, 2, 2], data.Labels.ToArray());
        for (var i = 0; i < folder.Count; i++) Assert.Equal(folder.Read(i).Pixels, data.Image(i).ToArray());
        // The grey PNG (cat/nested/c.png) comes out with R = G = B.
        var grey = data.Image(3);
        Assert.Equal(grey[..30].ToArray(), grey[30..60].ToArray());
        Assert.Equal(grey[..30].ToArray(), grey[60..].ToArray());
    }

    [Fact]
    public void One_channel_folder_decodes_grey()
    {
        var data = new ImageFolder(Root, channels: 1).Load(new Resize(3, 2));
        Assert.Equal((1, 3, 2), (data.Channels, data.Height, data.Width));
    }

    [Fact]
    public void Load_with_a_random_transform_gives_the_same_bits_for_any_worker_count()
    {
        var folder = new ImageFolder(Root);
        var one = folder.Load(Augmentation(), seed: 7, workers: 1);
        var four = folder.Load(Augmentation(), seed: 7, workers: 4);
        var otherSeed = folder.Load(Augmentation(), seed: 8, workers: 1);
        Assert.Equal(one.Images.ToArray(), four.Images.ToArray());
        Assert.NotEqual(one.Images.ToArray(), otherSeed.Images.ToArray());
        Assert.Equal((3, 4, 3), (one.Channels, one.Height, one.Width));
    }

    [Fact]
    public void Images_of_different_sizes_name_both_files()
    {
        // A transform that gives the first image another size than the rest.
        var folder = new ImageFolder(Root);
        var error = Assert.Throws<InvalidDataException>(() => folder.Load(new SizeByIndex()));
        Assert.Contains("only.png", error.Message);
        Assert.Contains("add a Resize", error.Message);
    }

    sealed class SizeByIndex : IImageTransform
    {
        int _calls;
        public ImageTensor Apply(ImageTensor image, SeededRandom random)
            => Interlocked.Increment(ref _calls) == 1 ? new CenterCrop(2).Apply(image, random) : new CenterCrop(3).Apply(image, random);
    }

    [Fact]
    public void Missing_folders_and_empty_classes_say_what_was_expected()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cnngen-missing-{Guid.NewGuid():N}");
        Assert.Throws<DirectoryNotFoundException>(() => new ImageFolder(missing));
        var root = Directory.CreateTempSubdirectory("cnngen-images-").FullName;
        try
        {
            Assert.Contains("no class folders", Assert.Throws<InvalidDataException>(() => new ImageFolder(root)).Message);
            Directory.CreateDirectory(Path.Combine(root, "empty"));
            File.WriteAllText(Path.Combine(root, "empty", "readme.txt"), "no image");
            Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => new ImageFolder(root)).Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => new ImageFolder(Root, channels: 2));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_file_that_is_no_image_is_named_in_the_error()
    {
        var root = Directory.CreateTempSubdirectory("cnngen-images-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "a"));
            File.WriteAllText(Path.Combine(root, "a", "broken.png"), "not a png");
            var error = Assert.Throws<InvalidDataException>(() => new ImageFolder(root).Load());
            Assert.Contains("broken.png", error.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Streamed_batches_follow_the_order_of_MiniBatches_for_the_same_seed()
    {
        var folder = new ImageFolder(Root);
        var inMemory = new MiniBatches(folder.Load(), batchSize: 4, seed: 3);
        using var streamed = new ImageBatches(folder, batchSize: 4, seed: 3, workers: 2);
        Assert.Equal((2, 4, 6), (streamed.BatchCount, streamed.BatchSize, streamed.SampleCount));
        for (var epoch = 0; epoch < 3; epoch++)
        {
            inMemory.Shuffle();
            streamed.Shuffle();
            for (var b = 0; b < streamed.BatchCount; b++)
            {
                var expected = inMemory.Fill(b);
                var (inputs, labels) = (expected.Inputs.ToArray(), expected.Labels.ToArray());
                var actual = streamed.Fill(b);
                Assert.Equal(inputs, actual.Inputs.ToArray());
                Assert.Equal(labels, actual.Labels.ToArray());
            }
        }
    }

    [Fact]
    public void Streamed_augmented_batches_are_the_same_bits_for_any_worker_and_prefetch_count()
    {
        var folder = new ImageFolder(Root);
        var reference = Epochs(folder, workers: 1, prefetch: 0);
        Assert.Equal(reference, Epochs(folder, workers: 2, prefetch: 1));
        Assert.Equal(reference, Epochs(folder, workers: 4, prefetch: 3));
        // Each epoch draws new variants.
        Assert.NotEqual(reference[0], reference[2]);
    }

    /// <summary>Every batch of three epochs (batches of 4: one full, one of 2), flattened per epoch.</summary>
    static List<float[]> Epochs(ImageFolder folder, int workers, int prefetch)
    {
        using var batches = new ImageBatches(folder, batchSize: 4, seed: 11, Augmentation(), workers, prefetch);
        var epochs = new List<float[]>();
        for (var epoch = 0; epoch < 3; epoch++)
        {
            batches.Shuffle();
            var values = new List<float>();
            for (var b = 0; b < batches.BatchCount; b++)
            {
                var batch = batches.Fill(b);
                values.AddRange(batch.Inputs.ToArray());
                values.AddRange(batch.Labels.ToArray().Select(l => (float)l));
            }
            epochs.Add([.. values]);
        }
        return epochs;
    }

    [Fact]
    public void Batches_out_of_order_and_drop_last_work()
    {
        var folder = new ImageFolder(Root);
        using var batches = new ImageBatches(folder, batchSize: 4, seed: 5, Augmentation(), workers: 2, prefetch: 2, dropLast: true);
        Assert.Equal(1, batches.BatchCount);
        batches.Shuffle();
        var first = batches.Fill(0).Inputs.ToArray();
        Assert.Equal(first, batches.Fill(0).Inputs.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => batches.Fill(1));
    }

    [Fact]
    public void Random_resized_crop_windows_lie_inside_and_fall_back_to_the_centre()
    {
        var crop = new RandomResizedCrop(8);
        var random = new SeededRandom(1);
        for (var i = 0; i < 200; i++)
        {
            var (top, left, h, w) = crop.Window(30, 50, random);
            Assert.InRange(h, 1, 30);
            Assert.InRange(w, 1, 50);
            Assert.InRange(top, 0, 30 - h);
            Assert.InRange(left, 0, 50 - w);
            Assert.InRange((double)h * w / (30 * 50), 0.08 * 0.9, 1.0);
        }
        // Area 0.99–1 of a 1×40 strip never fits the ratio range: the central crop clamped to ratio 4/3 (h = 1, w = round(4/3) = 1).
        var strip = new RandomResizedCrop(4, minScale: 0.99).Window(1, 40, new SeededRandom(2));
        Assert.Equal((0, 19, 1, 1), strip);
    }
}

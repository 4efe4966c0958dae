using CnnGen.Samples.Generative;

// dotnet run --project Samples/Generative -c Release -- autoencoder | gan | segment [--epochs N] [--threads N] [--seed N] [--out DIR]
try
{
    var options = Options.Parse(args);
    switch (options.Command)
    {
        case "autoencoder":
            DenoisingAutoencoderSample.Run(options);
            break;
        case "gan":
            DcganSample.Run(options);
            break;
        case "segment":
            SegmentationSample.Run(options);
            break;
        default:
            Console.WriteLine(Options.Usage);
            return options.Command is "help" or "--help" or "-h" ? 0 : 2;
    }
    return 0;
}
catch (OptionException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
catch (FileNotFoundException error)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}

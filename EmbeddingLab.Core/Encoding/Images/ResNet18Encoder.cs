using System.Numerics.Tensors;
using EmbeddingLab.Core.Encoding.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace EmbeddingLab.Core.Encoding.Images;

/// <summary>How images are encoded. <see cref="Threads"/> 0 = one per core; <see cref="BatchSize"/> images are handed to a worker at a time.</summary>
public sealed record ImageEncoderOptions
{
    /// <summary>L2-normalise each vector (like sentence-transformers' normalize_embeddings).</summary>
    public bool Normalize { get; init; }
    public int Threads { get; init; }
    public int BatchSize { get; init; } = 8;
    public ImageLimits Limits { get; init; } = new();
}

/// <summary>One image to encode: its key in the set and its file.</summary>
public sealed record ImageInput(string Key, string Path);

/// <summary>An image left out of the set, and why (e.g. "truncated: the file ends before the image does").</summary>
public sealed record ImageFailure(string Key, string Reason);

/// <summary>Vectors of the images that encoded (row i is <c>Inputs[Encoded[i]]</c>) and the failures, in input order.</summary>
public sealed record ImageEncodeResult(IReadOnlyList<int> Encoded, float[] Vectors, int Dimensions, IReadOnlyList<ImageFailure> Failures);

/// <summary>
/// Image embeddings from the pretrained ResNet-18 of ML.NET's DnnImageFeaturizer (a CNTK export; see
/// <see cref="ResNet18Files"/>). What the graphs say (read from the sessions): <c>ResNetPreprocess.onnx</c> takes
/// <c>OriginalInput</c> [1,3,224,224] — R, G, B planes of 0–255 values — splits it, reorders the planes to B, G, R
/// and subtracts a 3×224×224 mean image (Caffe's ImageNet mean, about B 103.1, G 115.9, R 123.2), no scaling;
/// <c>ResNet18.onnx</c> takes that as <c>Input247</c> [1,3,224,224] and gives <c>Pooling395_Output_0</c>
/// [1,512,1,1], the global average pool before the classifier: our 512-d vector. We read the mean image out of the
/// preprocessing graph once (running it on zeros) and subtract it ourselves; a test checks the result equals the graph's.
/// The batch dimension is fixed at 1 in the export, so images are run one per call, concurrently on one shared
/// session (one intra-op thread per run, one run per worker), which keeps every vector independent of batching and
/// threads. Thread-safe.
/// </summary>
public sealed class ResNet18Encoder : IDisposable
{
    public const string EncoderName = "resnet18";
    public const int FeatureDimensions = 512;

    private readonly OnnxModel _model;
    private readonly string _input;
    private readonly string _output;
    private readonly float[] _mean; // B, G, R planes, as the network reads them

    private ResNet18Encoder(OnnxModel model, float[] mean, ResNet18Files files)
    {
        _model = model;
        _mean = mean;
        Files = files;
        _input = model.InputNames[0];
        _output = model.OutputNames[0];
    }

    public string Name => EncoderName;
    public int Dimensions => FeatureDimensions;
    public ResNet18Files Files { get; }
    public ImagePreprocessor Preprocessor { get; } = new();

    /// <summary>Opens the model (see <see cref="ResNet18Files.Locate"/>) and checks its input and output shapes.</summary>
    public static ResNet18Encoder Open(ResNet18Files? files = null)
    {
        files ??= ResNet18Files.Locate();
        var mean = ReadMeanImage(files.Preprocess);
        var model = OnnxModel.Open(files.Model, new OnnxSessionOptions { IntraOpNumThreads = 1 });
        try
        {
            var input = model.InputMetadata[model.InputNames[0]].Dimensions;
            var (_, output) = model.Output(model.OutputNames[0]);
            if (input is not [_, 3, ImagePreprocessor.DefaultSize, ImagePreprocessor.DefaultSize] || output.Aggregate(1, (a, b) => a * Math.Max(b, 1)) != FeatureDimensions)
                throw new InvalidDataException($"The model {files.Model} has input [{string.Join(",", input)}] and output [{string.Join(",", output)}]; expected [1,3,224,224] and 512 features.");
            return new ResNet18Encoder(model, mean, files);
        }
        catch { model.Dispose(); throw; }
    }

    private static float[] ReadMeanImage(string preprocessPath)
    {
        using var graph = OnnxModel.Open(preprocessPath, new OnnxSessionOptions { IntraOpNumThreads = 1 });
        var zeros = new float[3 * ImagePreprocessor.DefaultSize * ImagePreprocessor.DefaultSize];
        var mean = RunPreprocessGraph(graph, zeros);
        TensorPrimitives.Negate(mean, mean);
        return mean;
    }

    /// <summary>Runs <c>ResNetPreprocess.onnx</c> itself on R, G, B planes (for tests: our normalisation must equal it).</summary>
    internal static float[] RunPreprocessGraph(OnnxModel graph, float[] rgbPlanes)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(rgbPlanes, [1, 3, ImagePreprocessor.DefaultSize, ImagePreprocessor.DefaultSize]);
        using var outputs = graph.Run([graph.InputNames[0]], [input], [graph.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>R, G, B planes (0–255) → the network's input: B, G, R planes minus the mean image.</summary>
    public void Normalize(ReadOnlySpan<float> rgbPlanes, Span<float> networkInput)
    {
        int plane = ImagePreprocessor.DefaultSize * ImagePreprocessor.DefaultSize;
        for (int c = 0; c < 3; c++)
            TensorPrimitives.Subtract(rgbPlanes.Slice((2 - c) * plane, plane), _mean.AsSpan(c * plane, plane), networkInput.Slice(c * plane, plane));
    }

    /// <summary>The 512 features of one normalised input (3×224×224, as <see cref="Normalize"/> writes it).</summary>
    public void Features(float[] networkInput, Span<float> features)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(networkInput, [1, 3, ImagePreprocessor.DefaultSize, ImagePreprocessor.DefaultSize]);
        using var outputs = _model.Run([_input], [input], [_output]);
        outputs[0].GetTensorDataAsSpan<float>()[..FeatureDimensions].CopyTo(features);
    }

    /// <summary>
    /// Encodes every image it can; the others are reported in <see cref="ImageEncodeResult.Failures"/> with the reason.
    /// Progress counts images done (encoded or failed) of the total.
    /// </summary>
    public ImageEncodeResult Encode(IReadOnlyList<ImageInput> images, ImageEncoderOptions? options = null,
        IProgress<EncodingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImageEncoderOptions();
        int n = images.Count;
        var vectors = new float[(long)n * FeatureDimensions];
        var failures = new string?[n];
        int batch = Math.Max(1, options.BatchSize), batches = (n + batch - 1) / batch, done = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        try
        {
            EncodeBatches();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        void EncodeBatches() => Parallel.For(0, batches, parallel,
            () => (Planes: new float[Preprocessor.TensorLength], Input: new float[Preprocessor.TensorLength]),
            (b, _, buffers) =>
            {
                for (int i = b * batch; i < Math.Min(n, (b + 1) * batch); i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        var image = ImageDecoder.Decode(images[i].Path, options.Limits);
                        Preprocessor.Preprocess(image, buffers.Planes);
                        Normalize(buffers.Planes, buffers.Input);
                        var row = vectors.AsSpan(i * FeatureDimensions, FeatureDimensions);
                        Features(buffers.Input, row);
                        if (options.Normalize)
                        {
                            float norm = TensorPrimitives.Norm(row);
                            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
                        }
                    }
                    catch (BadImageException e) { failures[i] = e.Message; }
                    progress?.Report(new EncodingProgress(Interlocked.Increment(ref done), n));
                }
                return buffers;
            },
            _ => { });
        var encoded = new List<int>(n);
        var failed = new List<ImageFailure>();
        for (int i = 0; i < n; i++)
            if (failures[i] is { } reason) failed.Add(new ImageFailure(images[i].Key, reason));
            else encoded.Add(i);
        var packed = new float[encoded.Count * FeatureDimensions];
        for (int r = 0; r < encoded.Count; r++)
            vectors.AsSpan(encoded[r] * FeatureDimensions, FeatureDimensions).CopyTo(packed.AsSpan(r * FeatureDimensions));
        return new ImageEncodeResult(encoded, packed, FeatureDimensions, failed);
    }

    public void Dispose() => _model.Dispose();
}

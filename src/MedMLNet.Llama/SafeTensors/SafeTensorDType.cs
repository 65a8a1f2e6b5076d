using TorchSharp;

namespace MedMLNet.Llama.SafeTensors;

/// <summary>The safetensors dtypes MedMLNet reads and writes, with their sizes and torch equivalents.</summary>
public static class SafeTensorDType
{
    private static readonly Dictionary<string, (torch.ScalarType Type, int Size)> known = new(StringComparer.Ordinal)
    {
        ["F32"] = (torch.ScalarType.Float32, 4),
        ["BF16"] = (torch.ScalarType.BFloat16, 2),
        ["F16"] = (torch.ScalarType.Float16, 2),
        ["F64"] = (torch.ScalarType.Float64, 8),
        ["I64"] = (torch.ScalarType.Int64, 8),
        ["I32"] = (torch.ScalarType.Int32, 4),
        ["I16"] = (torch.ScalarType.Int16, 2),
        ["I8"] = (torch.ScalarType.Int8, 1),
        ["U8"] = (torch.ScalarType.Byte, 1),
        ["BOOL"] = (torch.ScalarType.Bool, 1),
    };

    public static bool IsKnown(string dtype) => known.ContainsKey(dtype);

    public static IReadOnlyCollection<string> Names => known.Keys;

    public static int SizeOf(string dtype) => known[dtype].Size;

    public static torch.ScalarType ToScalarType(string dtype) => known[dtype].Type;

    public static string FromScalarType(torch.ScalarType type) =>
        known.FirstOrDefault(kv => kv.Value.Type == type).Key
        ?? throw new NotSupportedException($"dtype {type} cannot be stored in safetensors by MedMLNet (supported: {string.Join(", ", known.Keys)}).");
}

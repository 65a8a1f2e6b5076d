using static TorchSharp.torch;

namespace MedMLNet.Llama.Modules;

/// <summary>
/// Builds the boolean attention mask (true = may attend) for T new queries over P past + T new keys:
/// causal, minus padded keys, plus the diagonal so that a padded query row is never empty (its output is unused,
/// but an all-false row would give NaN). Returns null when plain causal attention (or none) is exact.
/// </summary>
public static class AttentionMask
{
    /// <param name="keyMask">[B, P+T] with 1 for real tokens and 0 for padding, or null when nothing is padded.</param>
    /// <returns>[B, 1, T, P+T] bool, or null.</returns>
    public static Tensor? Build(long past, long t, Tensor? keyMask, Device device)
    {
        if (keyMask is null && (t == 1 || past == 0)) return null; // is_causal (prefill) or attend-to-all (decode)
        using var scope = NewDisposeScope();
        var total = past + t;
        var q = arange(past, total, dtype: ScalarType.Int64, device: device).unsqueeze(1); // [T, 1]
        var k = arange(0, total, dtype: ScalarType.Int64, device: device).unsqueeze(0);    // [1, P+T]
        var allowed = k <= q;                                                              // [T, P+T]
        var mask = allowed.unsqueeze(0).unsqueeze(0);                                      // [1, 1, T, P+T]
        if (keyMask is not null)
        {
            var real = keyMask.to(ScalarType.Bool).unsqueeze(1).unsqueeze(1);               // [B, 1, 1, P+T]
            mask = mask.logical_and(real).logical_or((k == q).unsqueeze(0).unsqueeze(0));
        }
        return mask.MoveToOuterDisposeScope();
    }
}

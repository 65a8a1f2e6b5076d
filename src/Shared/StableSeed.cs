// Shared source, compiled into every MedMLNet assembly (see Directory.Build.props).
namespace MedMLNet;

/// <summary>
/// Seeds derived from several values, the same in every process and on every machine. (<see cref="System.HashCode"/>
/// is randomised per process, so a seed made with it would give a resumed or repeated run other batches, dropout
/// masks or perturbations than the original.) SplitMix64 finalisation of each value in turn.
/// </summary>
internal static class StableSeed
{
    public static int Mix(params long[] values)
    {
        unchecked
        {
            var h = 0x9E3779B97F4A7C15UL;
            foreach (var v in values)
            {
                var z = h ^ (ulong)v;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                h = (z ^ (z >> 31)) + 0x9E3779B97F4A7C15UL;
            }
            return (int)(h ^ (h >> 32));
        }
    }
}

using MedMLNet.Llama.Benchmarks;

namespace MedMLNet.Llama.Tests.Benchmarks;

public class PeakMemoryTests
{
    [Theory]   // the kernel pads short values with spaces after the tab; an 8-digit value has none
    [InlineData("VmHWM:\t  123456 kB", 123456L * 1024)]
    [InlineData("VmHWM:\t18458992 kB", 18458992L * 1024)]
    public void Parses_proc_status_lines_with_and_without_padding(string line, long bytes) =>
        Assert.Equal(bytes, PeakMemory.ParseKilobytes(line));
}

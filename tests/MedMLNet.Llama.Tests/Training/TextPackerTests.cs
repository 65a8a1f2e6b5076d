using MedMLNet.Llama.Training;

namespace MedMLNet.Llama.Tests.Training;

public class TextPackerTests
{
    [Fact]
    public void DocumentsAreWrappedConcatenatedAndCutIntoFullyLabelledBlocks()
    {
        // BOS=1, EOS=2: [1 5 6 2][1 7 2][1 8 9 9 2] = 1 5 6 2 1 7 2 1 8 9 9 2 → blocks of 5: 15621 / 72189 / 92
        var blocks = TextPacker.Pack([[5, 6], [7], [8, 9, 9]], bosId: 1, eosId: 2, blockSize: 5);
        Assert.Equal([[1, 5, 6, 2, 1], [7, 2, 1, 8, 9], [9, 2]], blocks.Select(b => b.InputIds));
        Assert.All(blocks, b => Assert.Equal(b.InputIds, b.Labels));
    }

    [Fact]
    public void ALoneTrailingTokenIsDropped()
    {
        var blocks = TextPacker.Pack([[5, 6, 7]], bosId: 1, eosId: 2, blockSize: 4); // 1 5 6 7 | 2
        Assert.Single(blocks);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextPacker.Pack([[5]], 1, 2, 1));
    }
}

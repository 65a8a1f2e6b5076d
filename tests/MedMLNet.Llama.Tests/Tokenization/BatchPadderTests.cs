using MedMLNet.Llama.Tokenization;

namespace MedMLNet.Llama.Tests.Tokenization;

public sealed class BatchPadderTests
{
    private static readonly int[][] Rows = [[1, 2, 3], [4]];

    [Fact]
    public void RightPaddingForTraining()
    {
        var batch = BatchPadder.Pad(Rows, padId: 9, PaddingSide.Right, labels: [[X, 2, 3], [4]]);
        Assert.Equal((2, 3), (batch.BatchSize, batch.SequenceLength));
        Assert.Equal(new long[] { 1, 2, 3, 4, 9, 9 }, batch.InputIds);
        Assert.Equal(new long[] { 1, 1, 1, 1, 0, 0 }, batch.AttentionMask);
        Assert.Equal(new long[] { 0, 1, 2, 0, 0, 0 }, batch.PositionIds);
        Assert.Equal(new long[] { X, 2, 3, 4, X, X }, batch.Labels);
    }

    [Fact]
    public void LeftPaddingForGeneration()
    {
        var batch = BatchPadder.Pad(Rows, padId: 9, PaddingSide.Left);
        Assert.Equal(new long[] { 1, 2, 3, 9, 9, 4 }, batch.InputIds);
        Assert.Equal(new long[] { 1, 1, 1, 0, 0, 1 }, batch.AttentionMask);
        Assert.Equal(new long[] { 0, 1, 2, 0, 0, 0 }, batch.PositionIds);
        Assert.Null(batch.Labels);
    }

    [Fact]
    public void TruncationKeepsTheStartForTrainingAndTheEndForGeneration()
    {
        Assert.Equal(new long[] { 1, 2, 4, 9 }, BatchPadder.Pad(Rows, 9, PaddingSide.Right, maxLength: 2).InputIds);
        Assert.Equal(new long[] { 2, 3, 9, 4 }, BatchPadder.Pad(Rows, 9, PaddingSide.Left, maxLength: 2).InputIds);
    }

    [Fact]
    public void BadInputsAreArgumentErrors()
    {
        Assert.Throws<ArgumentException>(() => BatchPadder.Pad([], 0));
        Assert.Throws<ArgumentException>(() => BatchPadder.Pad(Rows, 0, labels: [[1], [4]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchPadder.Pad(Rows, 0, maxLength: 0));
    }

    private const int X = BatchPadder.IgnoreIndex;
}

namespace MedMLNet.Llama.Training;

/// <summary>
/// Pretraining examples from plain documents, as GPT-style causal-LM pretraining packs them: each document becomes
/// BOS + tokens + EOS, the documents are concatenated in order and cut into blocks of <c>blockSize</c> tokens whose
/// every position is a target. The last, shorter block is kept when it has at least two tokens.
/// </summary>
public static class TextPacker
{
    public static List<TrainingExample> Pack(IEnumerable<int[]> documents, int bosId, int eosId, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 2);
        var blocks = new List<TrainingExample>();
        var current = new List<int>(blockSize);
        void Emit(int id)
        {
            current.Add(id);
            if (current.Count < blockSize) return;
            blocks.Add(Block(current));
            current.Clear();
        }
        foreach (var doc in documents)
        {
            Emit(bosId);
            foreach (var id in doc) Emit(id);
            Emit(eosId);
        }
        if (current.Count >= 2) blocks.Add(Block(current));
        return blocks;
    }

    private static TrainingExample Block(List<int> ids)
    {
        var array = ids.ToArray();
        return new TrainingExample(array, (int[])array.Clone());
    }
}

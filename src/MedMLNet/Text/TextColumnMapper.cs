using MedMLNet.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MedMLNet.Text;

/// <summary>Row mapper of <see cref="TextColumnTransformer"/>: one text getter per output column.</summary>
internal sealed class TextColumnMapper : RowToRowTransformerBase.MapperBase
{
    private readonly TextColumnTransformer parent;
    private readonly (int Mapping, int Slot)[] outputs;  // per output column: which mapping, which output slot
    private readonly int[][] inputIndices;              // per mapping: input column indices

    public TextColumnMapper(TextColumnTransformer parent, DataViewSchema inputSchema)
        : base(parent.Host.Register(nameof(TextColumnMapper)), inputSchema, parent)
    {
        this.parent = parent;
        var maps = parent.Mappings;
        inputIndices = [.. maps.Select(m => m.InputColumnNames.Select(c => ColumnChecks.FindText(inputSchema, c, m.Description)).ToArray())];
        outputs = [.. maps.SelectMany((m, i) => m.OutputColumnNames.Select((_, slot) => (i, slot)))];
    }

    protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
        [.. outputs.Select(o => new DataViewSchema.DetachedColumn(parent.Mappings[o.Mapping].OutputColumnNames[o.Slot], TextDataViewType.Instance))];

    protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer)
    {
        disposer = null;
        var (mappingIndex, slot) = outputs[iinfo];
        var op = parent.Mappings[mappingIndex].Operation;
        var getters = inputIndices[mappingIndex].Select(i => input.GetGetter<ReadOnlyMemory<char>>(input.Schema[i])).ToArray();
        var ins = new string[getters.Length];
        var outs = new string[op.OutputCount];
        long cachedPosition = -1;
        ReadOnlyMemory<char> buffer = default;
        ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> dst) =>
        {
            if (input.Position != cachedPosition)
            {
                for (var i = 0; i < getters.Length; i++)
                {
                    getters[i](ref buffer);
                    ins[i] = buffer.ToString();
                }
                Array.Fill(outs, string.Empty);
                op.Apply(ins, outs);
                cachedPosition = input.Position;
            }
            dst = (outs[slot] ?? string.Empty).AsMemory();
        };
        return getter;
    }

    protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
    {
        var active = new bool[InputSchema.Count];
        for (var i = 0; i < outputs.Length; i++)
            if (activeOutput(i))
                foreach (var col in inputIndices[outputs[i].Mapping]) active[col] = true;
        return col => active[col];
    }

    protected override void SaveModel(ModelSaveContext ctx) => ((ICanSaveModel)parent).Save(ctx);
}

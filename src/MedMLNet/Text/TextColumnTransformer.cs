using MedMLNet.Loading;
using MedMLNet.Text;
using MedMLNet.Versioning;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(TextColumnTransformer), null, typeof(SignatureLoadModel),
    "MedMLNet Text Columns", TextColumnTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(TextColumnTransformer), null, typeof(SignatureLoadRowMapper),
    "MedMLNet Text Columns", TextColumnTransformer.LoaderSignature)]

namespace MedMLNet.Text;

/// <summary>
/// Applies text operations (<see cref="ITextColumnOperation"/>) to text columns, row by row; saves the
/// operations' names, versions and JSON options, and rebuilds them through <see cref="TextColumnOperations"/>
/// when <c>mlContext.Model.Load</c> reads the model back.
/// </summary>
public sealed class TextColumnTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "MedTextColumnsXf";
    private const string ComponentName = "MedMLNet text columns";

    /// <summary>Mappings of (operation name, operation version, options JSON, inputs, outputs).</summary>
    internal const uint VersionInitial = 0x00010001;
    internal const uint VersionCurrent = VersionInitial;

    private readonly TextColumnMapping[] mappings;

    internal TextColumnTransformer(IHostEnvironment env, IEnumerable<TextColumnMapping> mappings)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(TextColumnTransformer)))
    {
        this.mappings = [.. mappings];
        if (this.mappings.Length == 0) throw new ArgumentException("At least one text column mapping is needed.", nameof(mappings));
        var outputs = this.mappings.SelectMany(m => m.OutputColumnNames).ToList();
        var dup = outputs.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new ArgumentException($"Output column '{dup.Key}' is written by more than one text operation.", nameof(mappings));
    }

    /// <summary>The mappings applied, in order.</summary>
    public IReadOnlyList<TextColumnMapping> Mappings => mappings;

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MEDTXTCL",
        verWrittenCur: VersionCurrent,
        verReadableCur: VersionInitial,
        verWeCanReadBack: VersionInitial,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(TextColumnTransformer).Assembly.FullName);

    // Factory for SignatureLoadModel.
    private static TextColumnTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ArchiveGuard.Check(ctx);
        ComponentVersion.Check(ctx, GetVersionInfo(), ComponentName);

        // *** Binary format ***
        // int: number of mappings
        // per mapping:
        //   string: operation name; int: operation version; string: options JSON
        //   int: input count; strings: input column names
        //   int: output count; strings: output column names
        var count = ctx.Reader.ReadInt32();
        env.CheckDecode(count > 0 && count < 10_000, "bad mapping count");
        var mappings = new TextColumnMapping[count];
        for (var i = 0; i < count; i++)
        {
            var name = ctx.LoadNonEmptyString();
            var version = ctx.Reader.ReadInt32();
            var options = ctx.LoadString();
            var inputs = ReadNames(ctx);
            var outputs = ReadNames(ctx);
            mappings[i] = new TextColumnMapping(TextColumnOperations.Create(name, version, options), outputs, inputs);
        }
        return new TextColumnTransformer(env, mappings);
    }

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    private static string[] ReadNames(ModelLoadContext ctx)
    {
        var n = ctx.Reader.ReadInt32();
        Contracts.CheckDecode(n > 0 && n < 1000, "bad column count");
        var names = new string[n];
        for (var i = 0; i < n; i++) names[i] = ctx.LoadNonEmptyString();
        return names;
    }

    /// <inheritdoc />
    protected override void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write(mappings.Length);
        foreach (var m in mappings)
        {
            ctx.SaveNonEmptyString(m.Operation.Name);
            ctx.Writer.Write(m.Operation.Version);
            ctx.SaveString(m.Operation.SaveOptions());
            WriteNames(ctx, m.InputColumnNames);
            WriteNames(ctx, m.OutputColumnNames);
        }
    }

    private static void WriteNames(ModelSaveContext ctx, IReadOnlyList<string> names)
    {
        ctx.Writer.Write(names.Count);
        foreach (var n in names) ctx.SaveNonEmptyString(n);
    }

    /// <inheritdoc />
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new TextColumnMapper(this, schema);
}

using MedMLNet.BaseModel;
using MedMLNet.Loading;
using MedMLNet.Versioning;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MedMLNet.State;

/// <summary>
/// Base for row-to-row transformers that carry binary state (adapter weights, training options) inside
/// the model zip and refer to a base checkpoint outside it. It saves and loads the
/// <see cref="TransformerState"/> and locates the base checkpoint on load; subclasses supply their
/// <see cref="VersionInfo"/>, their row mapping, and the ML.NET registration.
/// </summary>
/// <remarks>
/// Subclasses live in MedMLNet (and its test assembly): the members they implement name ML.NET internals
/// (<see cref="VersionInfo"/>, row mappers), so the constructors are <c>private protected</c> and the public surface shows
/// only <see cref="State"/> and <see cref="BaseModelDirectory"/>.
/// Recipe for a subclass (see tests/MedMLNet.Tests/State/EchoChatTransformer.cs for a complete one):
/// <list type="number">
/// <item>Assembly attributes: <c>[assembly: LoadableClass(typeof(X), null, typeof(SignatureLoadModel), "X", X.LoaderSignature)]</c>
/// and the same with <c>typeof(IRowMapper)</c>, <c>typeof(SignatureLoadRowMapper)</c>.</item>
/// <item><c>internal const string LoaderSignature</c> (at most 24 chars) and a <see cref="VersionInfo"/> with an
/// 8-character model signature; bump <c>verWrittenCur</c> on any format change.</item>
/// <item>A <see cref="StateFields{T}"/> declaring the options' saved fields, each with the version that first wrote it;
/// the constructors read the options with it at <see cref="SavedVersion"/> and <see cref="WriteOptions"/> writes them.</item>
/// <item>A fit-time constructor calling <see cref="StatefulTransformerBase(IHostEnvironment, string, TransformerState, string?)"/>,
/// and a <c>private X(IHostEnvironment env, ModelLoadContext ctx)</c> constructor calling the loading one (ML.NET
/// finds it by signature; do not also declare a same-visibility <c>static Create(env, ctx)</c>: it refuses both).</item>
/// <item>Override <c>MakeRowMapper</c> (a <c>MapperBase</c> subclass) to produce the output columns from <see cref="State"/>.</item>
/// </list>
/// </remarks>
public abstract class StatefulTransformerBase : RowToRowTransformerBase
{
    /// <summary>Fit-time constructor.</summary>
    /// <param name="env">The ML.NET environment.</param>
    /// <param name="registrationName">Name of this component's host (for messages).</param>
    /// <param name="state">The state to carry.</param>
    /// <param name="baseModelDirectory">Where the base checkpoint is now (required when <paramref name="state"/> references one).</param>
    private protected StatefulTransformerBase(IHostEnvironment env, string registrationName, TransformerState state, string? baseModelDirectory)
        : base(Contracts.CheckRef(env, nameof(env)).Register(registrationName))
    {
        State = state ?? throw new ArgumentNullException(nameof(state));
        if (state.BaseModel != null && baseModelDirectory == null)
            throw new ArgumentException("The state references a base checkpoint; give its directory.", nameof(baseModelDirectory));
        BaseModelDirectory = baseModelDirectory;
    }

    /// <summary>
    /// Load-time constructor: rejects unsafe archives, checks <paramref name="version"/> against the saved
    /// header, reads the state, and locates the base checkpoint through <see cref="BaseModelLocator.Current"/>.
    /// </summary>
    private protected StatefulTransformerBase(IHostEnvironment env, string registrationName, ModelLoadContext ctx, VersionInfo version)
        : base(Contracts.CheckRef(env, nameof(env)).Register(registrationName))
    {
        Host.CheckValue(ctx, nameof(ctx));
        ArchiveGuard.Check(ctx);
        ComponentVersion.Check(ctx, version, registrationName);
        var state = TransformerStateFormat.Read(ctx, registrationName);
        if (state.BaseModel != null)
        {
            BaseModelDirectory = BaseModelLocator.Current.Locate(state.BaseModel);
            state = state.WithBaseModel(new BaseModelReference(BaseModelDirectory, state.BaseModel.Files));
        }
        State = state;
        savedVersion = ctx.Header.ModelVerWritten;
    }

    private readonly uint? savedVersion;

    /// <summary>The carried state.</summary>
    public TransformerState State { get; }

    /// <summary>The verified base checkpoint folder, or null when the state references none.</summary>
    public string? BaseModelDirectory { get; }

    /// <summary>The version header this component writes (same value its loader checks).</summary>
    private protected abstract VersionInfo GetVersionInfo();

    /// <summary>
    /// The version <see cref="State"/> was written at: the saved header's for a loaded component (its loader branches on
    /// it), this build's for a fitted one.
    /// </summary>
    protected uint SavedVersion => savedVersion ?? GetVersionInfo().VerWrittenCur;

    /// <summary>The options as this version writes them (saving a loaded older model upgrades its options to this format).</summary>
    protected abstract string WriteOptions();

    /// <inheritdoc />
    protected sealed override void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        Host.Check(ctx.InRepository, "Stateful MedMLNet transformers save only into a model zip (they write several entries).");
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        TransformerStateFormat.Write(ctx, State.WithOptionsJson(WriteOptions()));
    }
}

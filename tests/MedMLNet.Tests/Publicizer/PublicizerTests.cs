using System.Reflection;
using System.Diagnostics;
using Microsoft.ML;
using Mono.Cecil;

namespace MedMLNet.Tests.Publicizer;

public class PublicizerTests
{
    private static string MlNetCore => typeof(ModelLoadContext).Assembly.Location;

    /// <summary>Runs the built publicizer tool (same configuration as this test assembly) on the real Microsoft.ML.Core.</summary>
    private static string RunPublicizer(string output)
    {
        var config = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Config>/net10.0
        var tool = Path.Combine(TestKit.RepoPaths.Root, "src", "MedMLNet.Publicizer", "bin", config, "net10.0", "MedMLNet.Publicizer.dll");
        Assert.True(File.Exists(tool), tool);
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { tool, MlNetCore, output }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return stdout;
    }

    [Fact]
    public void Runtime_binds_the_real_unmodified_MLNet_assemblies()
    {
        // Compiled against publicized copies, run against the originals: internals stay internal at run time.
        var core = typeof(ModelLoadContext).Assembly;
        Assert.Equal("Microsoft.ML.Core", core.GetName().Name);
        Assert.False(typeof(ModelLoadContext).IsPublic);
        Assert.False(typeof(VersionInfo).IsPublic);
        Assert.NotEmpty(core.GetName().GetPublicKeyToken()!);
        Assert.DoesNotContain("publicized", core.Location);
        Assert.Equal(new Version(1, 0, 0, 0), core.GetName().Version);
    }

    [Fact]
    public void Build_wrote_publicized_copies_that_keep_the_assembly_identity()
    {
        var publicized = Directory.GetFiles(Path.Combine(TestKit.RepoPaths.Root, "tests", "MedMLNet.Tests", "obj"), "Microsoft.ML.Core.dll", SearchOption.AllDirectories)
            .Where(p => p.Contains("publicized")).ToArray();
        Assert.NotEmpty(publicized);
        using var copy = AssemblyDefinition.ReadAssembly(publicized[0]);
        var real = AssemblyName.GetAssemblyName(typeof(ModelLoadContext).Assembly.Location);
        Assert.Equal(real.FullName, copy.FullName);
        Assert.True(copy.MainModule.GetType("Microsoft.ML.ModelLoadContext").IsPublic);
    }

    [Fact]
    public void Publicizer_opens_types_and_members_but_keeps_explicit_implementations_and_protected_overridables()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var output = tmp.File("Core.dll");
        var report = RunPublicizer(output);
        Assert.Matches(@"publicized Microsoft\.ML\.Core\.dll: \d{3,} types", report);
        using var asm = AssemblyDefinition.ReadAssembly(output);
        var loadCtx = asm.MainModule.GetType("Microsoft.ML.ModelLoadContext");
        Assert.True(loadCtx.IsPublic);
        Assert.All(loadCtx.Fields.Where(f => !f.Name.Contains('<')), f => Assert.True(f.IsPublic, f.Name));
        var saveCtx = asm.MainModule.GetType("Microsoft.ML.ModelSaveContext");
        Assert.True(saveCtx.Methods.Single(m => m.Name == "SaveBinaryStream").IsPublic);
        Assert.True(asm.MainModule.GetType("Microsoft.ML.LoadableClassAttribute").IsPublic);
        // explicit interface implementations stay private
        Assert.All(asm.MainModule.Types.SelectMany(t => t.Methods).Where(m => m.HasOverrides && m.Name.Contains('.')), m => Assert.True(m.IsPrivate, m.FullName));
    }

    [Fact]
    public void Publicizer_skips_System_polyfills()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var output = tmp.File("Core.dll");
        RunPublicizer(output);
        using var before = AssemblyDefinition.ReadAssembly(MlNetCore);
        using var after = AssemblyDefinition.ReadAssembly(output);
        var systemTypes = before.MainModule.Types.Where(t => t.Namespace.StartsWith("System", StringComparison.Ordinal)).ToArray();
        foreach (var t in systemTypes)
            Assert.Equal(t.IsPublic, after.MainModule.GetType(t.FullName).IsPublic);
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using MedMLNet.Llama.Native;
using MedMLNet.TestKit;
using TorchSharp;

namespace MedMLNet.Llama.Tests.Native;

public class ElfSymbolVersionsTests
{
    private static readonly CraftedElf.Need[] TorchSharpLikeNeeds =
    [
        new("libstdc++.so.6", ("GLIBCXX_3.4.30", false), ("GLIBCXX_3.4.32", false), ("CXXABI_1.3.13", false)),
        new("libc.so.6", ("GLIBC_2.34", true)),
    ];

    private static readonly string[] Debian12Libstdcxx = ["GLIBCXX_3.4", "GLIBCXX_3.4.9", "GLIBCXX_3.4.29", "GLIBCXX_3.4.30", "CXXABI_1.3", "CXXABI_1.3.13"];

    [Fact]
    public void VersionNeedsAreReadInFileOrderWithTheirLibraryAndWeakFlag()
    {
        var elf = CraftedElf.Build(TorchSharpLikeNeeds, [], "libx.so", out var flags);
        var needs = ElfSymbolVersions.ReadVersionNeeds(elf);
        Assert.Equal(
            [("libstdc++.so.6", "GLIBCXX_3.4.30", false), ("libstdc++.so.6", "GLIBCXX_3.4.32", false), ("libstdc++.so.6", "CXXABI_1.3.13", false), ("libc.so.6", "GLIBC_2.34", true)],
            needs.Select(n => (n.File, n.Version, n.Weak)));
        Assert.Equal(flags, needs.Select(n => n.FlagsOffset));
    }

    [Fact]
    public void VersionDefinitionsLeaveOutTheFilesOwnName()
    {
        var elf = CraftedElf.Build([], Debian12Libstdcxx, "libstdc++.so.6", out _);
        Assert.Equal(Debian12Libstdcxx, ElfSymbolVersions.ReadVersionDefinitions(elf));
    }

    [Fact]
    public void MarkWeakSetsOnlyTheNamedNeedsFlagAndASecondRunChangesNothing()
    {
        var elf = CraftedElf.Build(TorchSharpLikeNeeds, [], "libx.so", out var flags);
        var before = (byte[])elf.Clone();
        Assert.Equal(1, ElfSymbolVersions.MarkWeak(elf, "GLIBCXX_3.4.32"));
        var changed = Enumerable.Range(0, elf.Length).Where(i => elf[i] != before[i]).ToList();
        Assert.Equal([flags[1]], changed);                       // the low byte of that one vna_flags
        Assert.Equal(ElfSymbolVersions.VerFlagWeak, elf[flags[1]]);
        var once = (byte[])elf.Clone();
        Assert.Equal(0, ElfSymbolVersions.MarkWeak(elf, "GLIBCXX_3.4.32"));
        Assert.Equal(once, elf);
        Assert.Equal(0, ElfSymbolVersions.MarkWeak(elf, "GLIBCXX_9.9"));
    }

    [Fact]
    public void FilesThatAreNotElf64LittleEndianHaveNoVersions()
    {
        Assert.Empty(ElfSymbolVersions.ReadVersionNeeds("#!/bin/sh\necho not an ELF file, just long enough to be read\n"u8.ToArray()));
        var elf = CraftedElf.Build(TorchSharpLikeNeeds, [], "libx.so", out _);
        elf[5] = 2; // ELFDATA2MSB
        Assert.Empty(ElfSymbolVersions.ReadVersionNeeds(elf));
        Assert.Equal(0, ElfSymbolVersions.MarkWeak(elf, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void ATableThatPointsOutsideTheFileIsInvalidData()
    {
        var elf = CraftedElf.Build(TorchSharpLikeNeeds, [], "libx.so", out _);
        var truncated = elf[..^70]; // the section headers are last: cut into the version_r header
        Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadVersionNeeds(truncated));
    }

    [Theory]
    [InlineData("GLIBCXX_3.4.9", "GLIBCXX_3.4.30", -1)]
    [InlineData("GLIBCXX_3.4.32", "GLIBCXX_3.4.30", 1)]
    [InlineData("GLIBCXX_3.4", "GLIBCXX_3.4.1", -1)]
    [InlineData("GLIBC_2.34", "GLIBC_2.34", 0)]
    public void VersionNamesOfOneFamilyCompareByTheirNumbers(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(ElfSymbolVersions.CompareVersionNames(a, b)));

    [Fact]
    public void AMissingStrongNeedIsNamedWithTheFileTheLibraryItStopsAtAndTheFix()
    {
        using var dir = RepoPaths.TempDir();
        var so = dir.File("libLibTorchSharp.so");
        var std = dir.File("libstdc++.so.6");
        File.WriteAllBytes(so, CraftedElf.Build(TorchSharpLikeNeeds, [], "libLibTorchSharp.so", out _));
        File.WriteAllBytes(std, CraftedElf.Build([], Debian12Libstdcxx, "libstdc++.so.6", out _));
        var message = LibTorchLoadCheck.Diagnose(so, name => name == "libstdc++.so.6" ? std : null);
        Assert.Equal(
            $"libtorch cannot load: {so} needs GLIBCXX_3.4.32 from libstdc++.so.6, but {std} stops at GLIBCXX_3.4.30. " +
            "Fix: rebuild or republish the app with the MedMLNet.Llama package referenced (its build marks MedMLNetWeakVersionNeeds, " +
            "default GLIBCXX_3.4.32, weak in the copied file; add the missing ones to that property), or install a libstdc++ that provides them (GCC 13 or later).",
            message);
        Assert.DoesNotContain('\n', message!);
    }

    [Fact]
    public void AWeakNeedOrAProvidedOneIsNoProblem()
    {
        using var dir = RepoPaths.TempDir();
        var so = dir.File("libLibTorchSharp.so");
        var std = dir.File("libstdc++.so.6");
        var elf = CraftedElf.Build(TorchSharpLikeNeeds, [], "libLibTorchSharp.so", out _);
        ElfSymbolVersions.MarkWeak(elf, "GLIBCXX_3.4.32");
        File.WriteAllBytes(so, elf);
        File.WriteAllBytes(std, CraftedElf.Build([], Debian12Libstdcxx, "libstdc++.so.6", out _));
        Assert.Null(LibTorchLoadCheck.Diagnose(so, name => name == "libstdc++.so.6" ? std : null));
        File.WriteAllBytes(so, CraftedElf.Build(TorchSharpLikeNeeds, [], "libLibTorchSharp.so", out _));
        File.WriteAllBytes(std, CraftedElf.Build([], [.. Debian12Libstdcxx, "GLIBCXX_3.4.31", "GLIBCXX_3.4.32"], "libstdc++.so.6", out _));
        Assert.Null(LibTorchLoadCheck.Diagnose(so, name => name == "libstdc++.so.6" ? std : null));
    }

    [Fact]
    public void AGlibcNeedGetsTheSystemLibraryFix()
    {
        using var dir = RepoPaths.TempDir();
        var so = dir.File("libtorch_cpu.so");
        var libc = dir.File("libc.so.6");
        File.WriteAllBytes(so, CraftedElf.Build([new("libc.so.6", ("GLIBC_2.38", false), ("GLIBC_2.2.5", false))], [], "libtorch_cpu.so", out _));
        File.WriteAllBytes(libc, CraftedElf.Build([], ["GLIBC_2.2.5", "GLIBC_2.34", "GLIBC_2.36"], "libc.so.6", out _));
        var message = LibTorchLoadCheck.Diagnose(so, name => name == "libc.so.6" ? libc : null);
        Assert.Equal($"libtorch cannot load: {so} needs GLIBC_2.38 from libc.so.6, but {libc} stops at GLIBC_2.36. " +
                     "Fix: install a system library that provides GLIBC_2.38 (a newer distribution or toolchain), or use a libtorch build made for this system.", message);
    }

    // The real files: TorchSharp's libLibTorchSharp.so as NuGet ships it, the copy this build patched, the system libstdc++.

    [Fact]
    public void TorchSharpsShippedFileNeedsGlibcxx3432StronglyAndReadsAsReadelfDoes()
    {
        var shipped = ShippedLibTorchSharp();
        var needs = ElfSymbolVersions.ReadVersionNeeds(File.ReadAllBytes(shipped));
        Assert.Contains(needs, n => n is { File: "libstdc++.so.6", Version: "GLIBCXX_3.4.32", Weak: false });
        if (Readelf(shipped) is { } listing)
        {
            // readelf -V: "  0x0010:   Name: GLIBC_2.3  Flags: none  Version: 28" under "File: ld-linux-x86-64.so.2"
            var expected = new List<(string, string, bool)>();
            var file = "";
            foreach (var line in listing.Split('\n').SkipWhile(l => !l.Contains(".gnu.version_r")))
            {
                if (Regex.Match(line, @"File: (\S+)") is { Success: true } f) file = f.Groups[1].Value;
                else if (Regex.Match(line, @"Name: (\S+)\s+Flags: (\S+)") is { Success: true } m) expected.Add((file, m.Groups[1].Value, m.Groups[2].Value == "WEAK"));
            }
            Assert.Equal(expected, needs.Select(n => (n.File, n.Version, n.Weak)));
        }
    }

    [Fact]
    public void TheBuildMarkedGlibcxx3432WeakInTheCopiedFileOnly()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var shipped = ElfSymbolVersions.ReadVersionNeeds(File.ReadAllBytes(ShippedLibTorchSharp()));
        var patched = ElfSymbolVersions.ReadVersionNeeds(File.ReadAllBytes(copied));
        Assert.Equal(shipped.Select(n => (n.File, n.Version, n.Weak || n.Version == "GLIBCXX_3.4.32")), patched.Select(n => (n.File, n.Version, n.Weak)));
        Assert.Contains(shipped, n => n is { Version: "GLIBCXX_3.4.32", Weak: false }); // the cache is untouched
    }

    [Fact]
    public void SystemLibstdcxxDefinitionsReadAsReadelfDoes()
    {
        var std = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        Assert.NotNull(std);
        var defined = ElfSymbolVersions.ReadVersionDefinitions(File.ReadAllBytes(std));
        Assert.Contains("GLIBCXX_3.4", defined);
        if (Readelf(std) is { } listing)
        {
            // readelf -V: "  0x001c: Rev: 1  Flags: none  Index: 2  Cnt: 1  Name: GLIBCXX_3.4" (BASE is the soname)
            var expected = Regex.Matches(listing.Split(".gnu.version_r")[0], @"Flags: (\S+)\s+Index: \d+\s+Cnt: \d+\s+Name: (\S+)")
                .Where(m => m.Groups[1].Value != "BASE").Select(m => m.Groups[2].Value).ToList();
            Assert.Equal(expected, defined);
        }
    }

    [Fact]
    public void OnThisMachineTheShippedFileIsDiagnosedExactlyWhenLibstdcxxLacksItsVersions()
    {
        var std = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        Assert.NotNull(std);
        var defined = ElfSymbolVersions.ReadVersionDefinitions(File.ReadAllBytes(std));
        var shipped = ShippedLibTorchSharp();
        var message = LibTorchLoadCheck.Diagnose(shipped, name => name == "libstdc++.so.6" ? std : null);
        if (defined.Contains("GLIBCXX_3.4.32")) Assert.Null(message);
        else Assert.StartsWith($"libtorch cannot load: {shipped} needs GLIBCXX_3.4.32 from libstdc++.so.6, but {std} stops at ", message);
        var copied = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.Null(LibTorchLoadCheck.Diagnose(copied, name => name == "libstdc++.so.6" ? std : null));
    }

    /// <summary>TorchSharp's libLibTorchSharp.so in the NuGet package folder (never patched by the build).</summary>
    private static string ShippedLibTorchSharp()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(torch).Assembly.GetName().Version!;
        var path = Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"{path} is missing: the tests read TorchSharp's shipped file from the NuGet package folder.");
        return path;
    }

    private static string? Readelf(string file)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("readelf", ["-V", "--wide", file]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}

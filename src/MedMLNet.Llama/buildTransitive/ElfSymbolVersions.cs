// ELF symbol-version tables (.gnu.version_r "version needs", .gnu.version_d "version definitions"), read and patched.
//
// One file, two users:
//   - the MSBuild task MarkElfVersionNeedWeak below, compiled by RoslynCodeTaskFactory from this file
//     (buildTransitive/MedMLNet.Llama.targets, imported by every app that uses MedMLNet.Llama and by this repository);
//   - MedMLNet.Llama's TorchRuntime (compiled with MEDMLNET_LLAMA defined), which reads the same tables to explain
//     why libtorch cannot load.
// It targets what RoslynCodeTaskFactory compiles against (netstandard 2.0): arrays and BitConverter, no spans.
// Layouts: the System V gABI and the Linux Standard Base "Symbol Versioning" chapter (ELF64, little-endian).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MedMLNet.Llama.Native
{
    /// <summary>One entry of an ELF file's version needs: "this file needs <see cref="Version"/> of <see cref="File"/>".</summary>
    internal sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string version, bool weak, int flagsOffset)
        {
            File = file;
            Version = version;
            Weak = weak;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The library the version is needed from (its DT_NEEDED name, e.g. libstdc++.so.6).</summary>
        public string File { get; }

        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        public string Version { get; }

        /// <summary>VER_FLG_WEAK set: the dynamic loader does not refuse the file when the version is missing.</summary>
        public bool Weak { get; }

        /// <summary>Byte offset of this entry's vna_flags in the file.</summary>
        public int FlagsOffset { get; }
    }

    /// <summary>Reads an ELF64 little-endian file's symbol-version tables and sets VER_FLG_WEAK on version needs.</summary>
    internal static class ElfSymbolVersions
    {
        // e_ident
        private const byte ElfMagic0 = 0x7f;
        private const int EiClass = 4;
        private const int EiData = 5;
        private const byte ElfClass64 = 2;
        private const byte ElfDataLittleEndian = 1;

        // Elf64_Ehdr
        private const int EhdrSize = 64;
        private const int EShoff = 0x28;       // Elf64_Off  e_shoff: section header table offset
        private const int EShentsize = 0x3A;   // Elf64_Half e_shentsize
        private const int EShnum = 0x3C;       // Elf64_Half e_shnum

        // Elf64_Shdr
        private const int ShType = 0x04;       // Elf64_Word sh_type
        private const int ShOffset = 0x18;     // Elf64_Off  sh_offset
        private const int ShSize = 0x20;       // Elf64_Xword sh_size
        private const int ShLink = 0x28;       // Elf64_Word sh_link: the string table section
        private const int ShInfo = 0x2C;       // Elf64_Word sh_info: number of entries for the version sections
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        // Elf64_Verneed (16 bytes)
        private const int VnCnt = 0x02;        // Elf64_Half number of Vernaux entries
        private const int VnFile = 0x04;       // Elf64_Word string table offset of the library name
        private const int VnAux = 0x08;        // Elf64_Word offset (from this Verneed) of the first Vernaux
        private const int VnNext = 0x0C;       // Elf64_Word offset (from this Verneed) of the next Verneed

        // Elf64_Vernaux (16 bytes)
        private const int VnaFlags = 0x04;     // Elf64_Half
        private const int VnaName = 0x08;      // Elf64_Word string table offset of the version name
        private const int VnaNext = 0x0C;      // Elf64_Word offset (from this Vernaux) of the next Vernaux

        // Elf64_Verdef (20 bytes)
        private const int VdFlags = 0x02;      // Elf64_Half
        private const int VdCnt = 0x06;        // Elf64_Half number of Verdaux entries (the first is the version's name)
        private const int VdAux = 0x0C;        // Elf64_Word offset (from this Verdef) of the first Verdaux
        private const int VdNext = 0x10;       // Elf64_Word offset (from this Verdef) of the next Verdef

        // Elf64_Verdaux (8 bytes)
        private const int VdaName = 0x00;      // Elf64_Word string table offset of the name

        /// <summary>vna_flags / vd_flags bit: a weak version reference.</summary>
        public const ushort VerFlagWeak = 0x2;

        /// <summary>vd_flags bit: the definition that names the file itself (its soname), not a symbol version.</summary>
        private const ushort VerFlagBase = 0x1;

        /// <summary>True for an ELF64 little-endian file (x86-64, arm64 Linux): the only kind read here.</summary>
        public static bool IsElf64LittleEndian(byte[] elf) =>
            elf.Length >= EhdrSize && elf[0] == ElfMagic0 && elf[1] == (byte)'E' && elf[2] == (byte)'L' && elf[3] == (byte)'F'
            && elf[EiClass] == ElfClass64 && elf[EiData] == ElfDataLittleEndian;

        /// <summary>Every version need of the file, in file order (empty for a file that is not ELF64 little-endian).</summary>
        /// <exception cref="InvalidDataException">A version table points outside the file.</exception>
        public static List<ElfVersionNeed> ReadVersionNeeds(byte[] elf)
        {
            var needs = new List<ElfVersionNeed>();
            foreach (var section in Sections(elf, ShtGnuVerneed))
            {
                var strings = StringTableOffset(elf, section);
                var entry = (int)U64(elf, section + ShOffset);
                var count = U32(elf, section + ShInfo);
                for (var i = 0; i < count; i++)
                {
                    var file = Str(elf, strings, U32(elf, entry + VnFile));
                    var aux = entry + (int)U32(elf, entry + VnAux);
                    int auxCount = U16(elf, entry + VnCnt);
                    for (var j = 0; j < auxCount; j++)
                    {
                        var flags = U16(elf, aux + VnaFlags);
                        needs.Add(new ElfVersionNeed(file, Str(elf, strings, U32(elf, aux + VnaName)), (flags & VerFlagWeak) != 0, aux + VnaFlags));
                        var nextAux = (int)U32(elf, aux + VnaNext);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    var next = (int)U32(elf, entry + VnNext);
                    if (next == 0) break;
                    entry += next;
                }
            }
            return needs;
        }

        /// <summary>The symbol versions the file defines (e.g. GLIBCXX_3.4 … GLIBCXX_3.4.30 for libstdc++), without its base name.</summary>
        /// <exception cref="InvalidDataException">A version table points outside the file.</exception>
        public static List<string> ReadVersionDefinitions(byte[] elf)
        {
            var names = new List<string>();
            foreach (var section in Sections(elf, ShtGnuVerdef))
            {
                var strings = StringTableOffset(elf, section);
                var entry = (int)U64(elf, section + ShOffset);
                var count = U32(elf, section + ShInfo);
                for (var i = 0; i < count; i++)
                {
                    if ((U16(elf, entry + VdFlags) & VerFlagBase) == 0 && U16(elf, entry + VdCnt) > 0)
                        names.Add(Str(elf, strings, U32(elf, entry + (int)U32(elf, entry + VdAux) + VdaName)));
                    var next = (int)U32(elf, entry + VdNext);
                    if (next == 0) break;
                    entry += next;
                }
            }
            return names;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on every need of <paramref name="version"/> (in place) and returns how many entries changed:
        /// 0 when the file has no such need or it is weak already, so patching twice changes nothing.
        /// </summary>
        public static int MarkWeak(byte[] elf, string version)
        {
            var changed = 0;
            foreach (var need in ReadVersionNeeds(elf))
            {
                if (need.Weak || need.Version != version) continue;
                var flags = (ushort)(U16(elf, need.FlagsOffset) | VerFlagWeak);
                elf[need.FlagsOffset] = (byte)flags;
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                changed++;
            }
            return changed;
        }

        /// <summary>
        /// Compares two version names of one family by their numeric parts ("GLIBCXX_3.4.9" &lt; "GLIBCXX_3.4.30");
        /// names of different families compare as strings.
        /// </summary>
        public static int CompareVersionNames(string a, string b)
        {
            int sa = a.LastIndexOf('_'), sb = b.LastIndexOf('_');
            if (sa < 0 || sb < 0 || a.Substring(0, sa) != b.Substring(0, sb)) return string.CompareOrdinal(a, b);
            var pa = a.Substring(sa + 1).Split('.');
            var pb = b.Substring(sb + 1).Split('.');
            for (var i = 0; i < Math.Max(pa.Length, pb.Length); i++)
            {
                var x = i < pa.Length && int.TryParse(pa[i], out var px) ? px : -1;
                var y = i < pb.Length && int.TryParse(pb[i], out var py) ? py : -1;
                if (x != y) return x.CompareTo(y);
            }
            return 0;
        }

        private static IEnumerable<int> Sections(byte[] elf, uint type)
        {
            if (!IsElf64LittleEndian(elf)) yield break;
            var table = U64(elf, EShoff);
            int size = U16(elf, EShentsize), count = U16(elf, EShnum);
            if (table == 0 || count == 0) yield break;
            if (size < ShInfo + 4 || table > (ulong)elf.Length || (ulong)count * (ulong)size > (ulong)elf.Length - table)
                throw new InvalidDataException($"ELF section header table ({count} x {size} bytes at {table}) lies outside the {elf.Length}-byte file.");
            for (var i = 0; i < count; i++)
            {
                var header = (int)table + i * size;
                if (U32(elf, header + ShType) == type) yield return header;
            }
        }

        private static int StringTableOffset(byte[] elf, int section)
        {
            var link = U32(elf, section + ShLink);
            var table = U64(elf, EShoff);
            int size = U16(elf, EShentsize), count = U16(elf, EShnum);
            if (link >= count) throw new InvalidDataException($"ELF version section links to string table {link}, but the file has {count} sections.");
            return (int)U64(elf, (int)table + (int)link * size + ShOffset);
        }

        private static string Str(byte[] elf, int table, uint offset)
        {
            var start = (long)table + offset;
            if (start < 0 || start >= elf.Length) throw new InvalidDataException($"ELF string at {start} lies outside the {elf.Length}-byte file.");
            var end = (int)start;
            while (end < elf.Length && elf[end] != 0) end++;
            return Encoding.ASCII.GetString(elf, (int)start, end - (int)start);
        }

        private static ushort U16(byte[] b, int at) => BitConverter.ToUInt16(Checked(b, at, 2), at);
        private static uint U32(byte[] b, int at) => BitConverter.ToUInt32(Checked(b, at, 4), at);
        private static ulong U64(byte[] b, int at) => BitConverter.ToUInt64(Checked(b, at, 8), at);

        private static byte[] Checked(byte[] b, int at, int size)
        {
            if (at < 0 || at > b.Length - size) throw new InvalidDataException($"ELF field at {at} ({size} bytes) lies outside the {b.Length}-byte file.");
            return b;
        }
    }
}

#if !MEDMLNET_LLAMA
namespace MedMLNet.Build
{
    using MedMLNet.Llama.Native;
    using Microsoft.Build.Framework;
    using Microsoft.Build.Utilities;

    /// <summary>
    /// Marks the named version needs weak in each ELF file, in place, through a temporary file renamed over it.
    /// TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 for one symbol it never calls; with the need weak,
    /// a system whose libstdc++ stops at GLIBCXX_3.4.30 (Debian 12, Ubuntu 22.04) loads it. Files already patched,
    /// missing, or not ELF64 are left as they are, so the task may run on every build.
    /// </summary>
    public sealed class MarkElfVersionNeedWeak : Task
    {
        /// <summary>The ELF files to patch (copies in an output or publish folder, never the NuGet cache).</summary>
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Version names to mark weak, e.g. GLIBCXX_3.4.32.</summary>
        [Required]
        public string[] Versions { get; set; } = Array.Empty<string>();

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                var path = item.GetMetadata("FullPath");
                if (!System.IO.File.Exists(path)) continue;
                byte[] elf;
                var changed = 0;
                try
                {
                    elf = System.IO.File.ReadAllBytes(path);
                    foreach (var version in Versions) changed += ElfSymbolVersions.MarkWeak(elf, version);
                }
                catch (InvalidDataException e)
                {
                    Log.LogError($"MedMLNet: cannot read the ELF version tables of '{path}': {e.Message} Delete the file and rebuild so it is copied again.");
                    continue;
                }
                if (changed == 0) continue;
                var temp = path + ".medmlnet-" + Guid.NewGuid().ToString("N") + ".tmp";
                try
                {
                    System.IO.File.WriteAllBytes(temp, elf);
                    System.IO.File.Replace(temp, path, null);
                }
                finally
                {
                    if (System.IO.File.Exists(temp)) System.IO.File.Delete(temp);
                }
                Log.LogMessage(MessageImportance.Normal, $"MedMLNet: marked {string.Join(", ", Versions)} weak in {path}");
            }
            return !Log.HasLoggedErrors;
        }
    }
}
#endif

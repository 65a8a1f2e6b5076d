using System.Text;

namespace MedMLNet.Llama.Tests.Native;

/// <summary>
/// Writes a minimal ELF64 little-endian file with only what the symbol-version reader looks at: the header, a string
/// table, a .gnu.version_r (needs) and a .gnu.version_d (definitions) section, laid out as the gABI / LSB specify.
/// </summary>
internal static class CraftedElf
{
    public sealed record Need(string File, params (string Version, bool Weak)[] Versions);

    /// <summary>Builds the file; <paramref name="flagOffsets"/> gets each need's vna_flags offset, in order.</summary>
    public static byte[] Build(Need[] needs, string[] definitions, string soname, out List<int> flagOffsets)
    {
        var strings = new MemoryStream();
        strings.WriteByte(0);
        var offsets = new Dictionary<string, int>();
        int Str(string s)
        {
            if (offsets.TryGetValue(s, out var at)) return at;
            at = (int)strings.Length;
            strings.Write(Encoding.ASCII.GetBytes(s));
            strings.WriteByte(0);
            return offsets[s] = at;
        }

        // .gnu.version_r: Elf64_Verneed {half version, half cnt, word file, word aux, word next} then its Elf64_Vernaux
        // {word hash, half flags, half other, word name, word next}, 16 bytes each.
        var verneed = new MemoryStream();
        var relativeFlags = new List<int>();
        for (var i = 0; i < needs.Length; i++)
        {
            var n = needs[i];
            var size = 16 + 16 * n.Versions.Length;
            Half(verneed, 1); Half(verneed, n.Versions.Length); Word(verneed, Str(n.File)); Word(verneed, 16);
            Word(verneed, i == needs.Length - 1 ? 0 : size);
            for (var j = 0; j < n.Versions.Length; j++)
            {
                Word(verneed, 0x0d000000 + j);
                relativeFlags.Add((int)verneed.Length);
                Half(verneed, n.Versions[j].Weak ? 2 : 0); Half(verneed, 2 + j); Word(verneed, Str(n.Versions[j].Version));
                Word(verneed, j == n.Versions.Length - 1 ? 0 : 16);
            }
        }

        // .gnu.version_d: Elf64_Verdef {half version, half flags, half ndx, half cnt, word hash, word aux, word next} (20)
        // then one Elf64_Verdaux {word name, word next} (8); the first definition is the file's own name (VER_FLG_BASE).
        var verdef = new MemoryStream();
        var all = new[] { soname }.Concat(definitions).ToArray();
        for (var i = 0; i < all.Length; i++)
        {
            Half(verdef, 1); Half(verdef, i == 0 ? 1 : 0); Half(verdef, i + 1); Half(verdef, 1);
            Word(verdef, 0x0b000000 + i); Word(verdef, 20); Word(verdef, i == all.Length - 1 ? 0 : 28);
            Word(verdef, Str(all[i])); Word(verdef, 0);
        }

        var stringBytes = strings.ToArray();
        const int headerSize = 64, sectionHeaderSize = 64;
        var strAt = headerSize;
        var needAt = Align(strAt + stringBytes.Length);
        var defAt = Align(needAt + (int)verneed.Length);
        var sectionsAt = Align(defAt + (int)verdef.Length);
        var file = new byte[sectionsAt + 4 * sectionHeaderSize];
        new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(file, 0);
        BitConverter.GetBytes((ushort)3).CopyTo(file, 0x10);                // e_type ET_DYN
        BitConverter.GetBytes((ushort)62).CopyTo(file, 0x12);               // e_machine EM_X86_64
        BitConverter.GetBytes((ulong)sectionsAt).CopyTo(file, 0x28);         // e_shoff
        BitConverter.GetBytes((ushort)headerSize).CopyTo(file, 0x34);       // e_ehsize
        BitConverter.GetBytes((ushort)sectionHeaderSize).CopyTo(file, 0x3A); // e_shentsize
        BitConverter.GetBytes((ushort)4).CopyTo(file, 0x3C);                // e_shnum
        stringBytes.CopyTo(file, strAt);
        verneed.ToArray().CopyTo(file, needAt);
        verdef.ToArray().CopyTo(file, defAt);
        Section(file, sectionsAt + 1 * sectionHeaderSize, type: 3, strAt, stringBytes.Length, link: 0, info: 0);                        // SHT_STRTAB
        Section(file, sectionsAt + 2 * sectionHeaderSize, type: 0x6ffffffe, needAt, (int)verneed.Length, link: 1, info: needs.Length); // SHT_GNU_verneed
        Section(file, sectionsAt + 3 * sectionHeaderSize, type: 0x6ffffffd, defAt, (int)verdef.Length, link: 1, info: all.Length);     // SHT_GNU_verdef
        flagOffsets = relativeFlags.Select(f => needAt + f).ToList();
        return file;
    }

    private static void Section(byte[] file, int at, uint type, int offset, int size, int link, int info)
    {
        BitConverter.GetBytes(type).CopyTo(file, at + 0x04);
        BitConverter.GetBytes((ulong)offset).CopyTo(file, at + 0x18);
        BitConverter.GetBytes((ulong)size).CopyTo(file, at + 0x20);
        BitConverter.GetBytes((uint)link).CopyTo(file, at + 0x28);
        BitConverter.GetBytes((uint)info).CopyTo(file, at + 0x2C);
    }

    private static int Align(int at) => (at + 7) & ~7;
    private static void Half(Stream s, int v) => s.Write(BitConverter.GetBytes((ushort)v));
    private static void Word(Stream s, int v) => s.Write(BitConverter.GetBytes((uint)v));
}

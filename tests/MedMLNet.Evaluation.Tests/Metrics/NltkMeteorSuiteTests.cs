using MedMLNet.Evaluation.Metrics;

namespace MedMLNet.Evaluation.Tests.Metrics;

/// <summary>NLTK 3.8's METEOR doctests (nltk/translate/meteor_score.py docstrings, nltk/test/meteor.doctest), at their rounding.</summary>
public class NltkMeteorSuiteTests
{
    private static Meteor Meteor => new(TestWordNet.Database);

    private static string[] T(string s) => s.Split(' ');

    private static double Multi(string[] references, string hypothesis) => references.Max(r => Meteor.SingleScore(T(r), T(hypothesis)));

    private const string Hypothesis1 = "It is a guide to action which ensures that the military always obeys the commands of the party";
    private const string Reference1 = "It is a guide to action that ensures that the military will forever heed Party commands";
    private const string Reference2 = "It is the guiding principle which guarantees the military forces always being under the command of the Party";
    private const string Reference3 = "It is the practical guide for the army always to heed the directions of the party";

    [Fact]
    public void DocstringExamples()
    {
        // 0.6944 in the docstrings of the NLTK releases MedMLNet follows (older docstrings printed 0.7398)
        Assert.Equal(0.6944, Math.Round(Meteor.SingleScore(T(Reference1), T(Hypothesis1)), 4));
        Assert.Equal(0.6944, Math.Round(Multi([Reference1, Reference2, Reference3], Hypothesis1), 4));
        Assert.Equal(0.0, Math.Round(Multi(["this is a cat"], "non matching hypothesis"), 4));
    }

    [Fact]
    public void DoctestFile()
    {
        Assert.Equal(0.0, Math.Round(Multi(["The candidate has no alignment to any of the references"], "John loves Mary"), 4));
        Assert.True(Math.Abs(Math.Round(Multi(["The cat sat on the mat"], "The cat sat on the mat"), 4) - 0.9977) < 1e-2);
        Assert.Equal(0.5, Multi(["The cat sat on the mat"], "on the mat sat the cat"), 12);
        Assert.Equal(0.9654, Math.Round(Multi(["The cat sat on the mat"], "The cat was sat on the mat"), 4));
        Assert.Equal(0.7806, Math.Round(Multi(["create or update a vm set"], "creates or updates a virtual machine scale set"), 4));
    }
}

using MedMLNet.Evaluation.Metrics;
using MedMLNet.Evaluation.Text;

namespace MedMLNet.Evaluation.Tests.Metrics;

/// <summary>
/// The vectors of sacrebleu 2.6.0's own test files (test/test_bleu.py, test_sentence_bleu.py, test_chrf.py,
/// test_ter.py), transcribed with their expected values, checked at those tests' tolerances.
/// </summary>
public class SacrebleuSuiteTests
{
    // test_bleu.py: _refs (two reference streams) and _hyps
    private static readonly string[][] Refs =
    [
        ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
        ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
    ];

    private static readonly string[] Hyps = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];

    /// <summary>sacrebleu's reference streams turned into per-segment reference lists.</summary>
    private static List<IReadOnlyList<string>> PerSegment(string[][] streams) =>
        Enumerable.Range(0, streams[0].Length).Select(i => (IReadOnlyList<string>)streams.Select(s => s[i]).ToList()).ToList();

    // sacrebleu.raw_corpus_bleu: floor smoothing, tokenize none, effective order
    private static BleuScore RawCorpusBleu(string[] hyps, string[][] refs, double? smoothValue = 0.1) =>
        Bleu.Corpus(hyps, PerSegment(refs), new BleuOptions { Tokenizer = BleuTokenizer.None, Smoothing = BleuSmoothing.Floor, SmoothValue = smoothValue, EffectiveOrder = true });

    // test_bleu.py test_corpus_bleu_cases, EPSILON 1e-8
    [Theory]
    [InlineData(null, null, 48.530827)]
    [InlineData("none", null, 49.1919566)]
    [InlineData("13a", null, 48.530827)]
    [InlineData("intl", null, 43.91623493)]
    [InlineData(null, "none", 48.530827)]
    public void CorpusBleuWithTwoReferenceStreamsMatchesSacrebleu(string? tokenize, string? smooth, double expected)
    {
        var options = new BleuOptions
        {
            Tokenizer = tokenize is null ? null : BleuTokenizers.Parse(tokenize),
            Smoothing = smooth is null ? BleuSmoothing.Exp : BleuOptions.ParseSmoothing(smooth),
        };
        Assert.True(Math.Abs(Bleu.Corpus(Hyps, PerSegment(Refs), options).Score - expected) < 1e-8);
    }

    [Fact]
    public void CorpusBleuKeepsEmptyHypotheses() =>
        Assert.Equal(0.0, Bleu.Corpus(["", "", ""], PerSegment(Refs), BleuOptions.Default).Score);

    // test_bleu.py test_raw_bleu and test_effective_order (score / 100, EPSILON 1e-8, smooth value .01)
    [Theory]
    [InlineData(new[] { "this is a test", "another test" }, new[] { "ref1", "ref2" }, 0.0)]
    [InlineData(new[] { "this is a test" }, new[] { "this is a test" }, 1.0)]
    [InlineData(new[] { "this is a fest" }, new[] { "this is a test" }, 0.223606797749979)]
    [InlineData(new[] { "test" }, new[] { "a test" }, 0.3678794411714425)]
    [InlineData(new[] { "a test" }, new[] { "a test" }, 1.0)]
    [InlineData(new[] { "a little test" }, new[] { "a test" }, 0.03218297948685433)]
    public void RawCorpusBleuMatchesSacrebleu(string[] hyps, string[] refs, double expected) =>
        Assert.True(Math.Abs(RawCorpusBleu(hyps, [refs], 0.01).Score / 100 - expected) < 1e-8);

    [Fact]
    public void StatisticsMatchSacrebleuCounts()
    {
        // test_bleu.py test_case_statistics
        var r = RawCorpusBleu(["am I am a character sequence"], [["I am a symbol string sequence a a"]], 0.01);
        Assert.Equal([4, 2, 1, 0], r.Counts);
        Assert.Equal([6, 5, 4, 3], r.Totals);
    }

    [Fact]
    public void FloorOffsetZeroAndDefault()
    {
        // test_bleu.py test_offset: 0 without offset, 0.1555722182 with floor's default 0.1
        string[] hyp = ["am I am a character sequence"];
        string[][] refs = [["I am a symbol string sequence a a"]];
        Assert.True(Math.Abs(RawCorpusBleu(hyp, refs, 0.0).Score / 100) < 1e-8);
        Assert.True(Math.Abs(RawCorpusBleu(hyp, refs, null).Score / 100 - 0.1555722182) < 1e-8);
    }

    [Fact]
    public void ComputeBleuFromStatistics()
    {
        // test_bleu.py test_scoring: compute_bleu's default smooth_method is none
        var s = Bleu.Compute(new BleuStats(11, 11, [9, 7, 5, 3], [10, 8, 6, 4]), new BleuOptions { Smoothing = BleuSmoothing.None }, effectiveOrder: false);
        Assert.True(Math.Abs(s.Score / 100 - 0.8375922397) < 1e-8);
    }

    // test_bleu.py test_case_degenerate_stats: floor smoothing with the given offsets gives exactly 0
    [Theory]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 4, 4, 2, 1 }, 0, 1, 0.0)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 10, 11, 12, 0 }, 14, 10, 0.0)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 0, 0, 0 }, 0, 0, 0.0)]
    [InlineData(new[] { 6, 5, 4, 0 }, new[] { 6, 5, 4, 3 }, 6, 6, 0.0)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 0, 0, 0 }, 0, 0, 0.1)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 0, 0, 0 }, 1, 5, 0.01)]
    public void DegenerateStatisticsScoreZero(int[] correct, int[] total, int sysLen, int refLen, double offset) =>
        Assert.Equal(0.0, Bleu.Compute(new BleuStats(sysLen, refLen, correct, total), new BleuOptions { Smoothing = BleuSmoothing.Floor, SmoothValue = offset }, effectiveOrder: false).Score);

    // test_bleu.py test_bleu_max_order: f"{score:.2f}"
    [Theory]
    [InlineData(1, "77.65")]
    [InlineData(2, "60.50")]
    [InlineData(3, "53.93")]
    [InlineData(4, "48.53")]
    [InlineData(5, "46.14")]
    [InlineData(6, "43.28")]
    public void MaxNgramOrder(int order, string expected) =>
        Assert.Equal(expected, Bleu.Corpus(Hyps, PerSegment(Refs), new BleuOptions { MaxNgramOrder = order }).Score.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));

    // test_sentence_bleu.py test_cases (EPSILON 1e-3), effective order on
    private const string Ref = "producţia de zahăr brut se exprimă în zahăr alb;";
    private const string Sys = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";

    [Theory]
    [InlineData("exp", null, false, "13a", 8.493)]
    [InlineData("none", null, false, "13a", 0.0)]
    [InlineData("floor", null, false, "13a", 4.51688)]
    [InlineData("floor", 0.1, false, "13a", 4.51688)]
    [InlineData("floor", 0.5, false, "13a", 10.10)]
    [InlineData("add-k", null, false, "13a", 14.882)]
    [InlineData("add-k", 1.0, false, "13a", 14.882)]
    [InlineData("add-k", 2.0, false, "13a", 21.389)]
    [InlineData("exp", null, false, "none", 7.347)]
    [InlineData("exp", null, false, "intl", 8.493)]
    [InlineData("exp", null, false, "char", 40.8759)]
    [InlineData("exp", null, true, "char", 42.0267)]
    public void SentenceBleuOptions(string smooth, double? value, bool lowercase, string tok, double expected)
    {
        var options = new BleuOptions { Smoothing = BleuOptions.ParseSmoothing(smooth), SmoothValue = value, Lowercase = lowercase, Tokenizer = BleuTokenizers.Parse(tok), EffectiveOrder = true };
        Assert.True(Math.Abs(Bleu.Sentence(Sys, [Ref], options).Score - expected) < 1e-3, $"{smooth} {value} {lowercase} {tok}: {Bleu.Sentence(Sys, [Ref], options).Score}");
    }

    // test_sentence_bleu.py test_cases_zero_bleu
    [Theory]
    [InlineData("exp", null)]
    [InlineData("none", null)]
    [InlineData("floor", null)]
    [InlineData("floor", 0.1)]
    [InlineData("add-k", null)]
    [InlineData("add-k", 1.0)]
    public void SentenceBleuWithNoMatchIsZero(string smooth, double? value) =>
        Assert.True(Math.Abs(Bleu.Sentence("this is a cat", ["okay thanks"], new BleuOptions { Smoothing = BleuOptions.ParseSmoothing(smooth), SmoothValue = value, EffectiveOrder = true }).Score) < 1e-3);

    // test_chrf.py test_cases: corpus_chrf(char_order=6, word_order=0, beta=3, eps_smoothing=True), EPSILON 1e-4
    public static TheoryData<string[], string[], double> ChrfCases => new()
    {
        { ["abcdefg"], ["hijklmnop"], 0.0 },
        { ["a"], ["b"], 0.0 },
        { [""], ["b"], 0.0 },
        { [""], ["ref"], 0.0 },
        { [""], ["reference"], 0.0 },
        { ["aa"], ["ab"], 8.3333 },
        { ["a", "b"], ["a", "c"], 8.3333 },
        { ["a"], ["a"], 16.6667 },
        { ["a b c"], ["a b c"], 50.0 },
        { ["a b c"], ["abc"], 50.0 },
        { [" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."],
          ["risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."], 63.361730 },
        { [" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "],
          ["Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."], 64.1302698 },
        { ["Niemand hat die Absicht, eine Mauer zu errichten"], ["Niemand hat die Absicht, eine Mauer zu errichten"], 100.0 },
    };

    private static double CorpusChrf(string[] hyps, string[] refs, ChrfOptions options) =>
        Chrf.Corpus(hyps, refs.Select(r => (IReadOnlyList<string>)[r]).ToList(), options).Score;

    [Theory]
    [MemberData(nameof(ChrfCases))]
    public void ChrfWithEpsilonSmoothing(string[] hyps, string[] refs, double expected) =>
        Assert.True(Math.Abs(CorpusChrf(hyps, refs, new ChrfOptions { Beta = 3, EpsSmoothing = true }) - expected) < 1e-4);

    // test_chrf.py test_cases_effective_order (eps_smoothing=False)
    public static TheoryData<string[], string[], double> ChrfEffectiveOrderCases => new()
    {
        { ["a"], ["a"], 100.0 },
        { [""], ["reference"], 0.0 },
        { ["a b c"], ["a b c"], 100.0 },
        { ["a b c"], ["abc"], 100.0 },
        { [""], ["c"], 0.0 },
        { ["a", "b"], ["a", "c"], 50.0 },
        { ["aa"], ["ab"], 25.0 },
    };

    [Theory]
    [MemberData(nameof(ChrfEffectiveOrderCases))]
    public void ChrfWithEffectiveOrder(string[] hyps, string[] refs, double expected) =>
        Assert.True(Math.Abs(CorpusChrf(hyps, refs, new ChrfOptions { Beta = 3 }) - expected) < 1e-4);

    // test_chrf.py test_cases_keep_whitespace (remove_whitespace=False)
    [Theory]
    [InlineData("Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.", "Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.", 67.3481606)]
    [InlineData("risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .", "risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .", 65.2414427)]
    public void ChrfKeepingWhitespace(string hyp, string reference, double expected) =>
        Assert.True(Math.Abs(CorpusChrf([hyp], [reference], new ChrfOptions { Beta = 3, Whitespace = true }) - expected) < 1e-4);

    // test_chrf.py test_sentence_level_chrf: sentence_chrf(eps_smoothing=True), beta 2
    [Theory]
    [InlineData("Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.", "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.", 39.14078509)]
    [InlineData("Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.", "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.", 31.22557079)]
    [InlineData("Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.", "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.", 57.15704367)]
    public void SentenceChrf(string hyp, string reference, double expected) =>
        Assert.True(Math.Abs(Chrf.Sentence(hyp, [reference], new ChrfOptions { EpsSmoothing = true }).Score - expected) < 1e-4);

    // test_ter.py test_cases: TER().corpus_score, EPSILON 1e-3 on 100 * expected
    public static TheoryData<string[], string[], double> TerCases => new()
    {
        { ["aaaa bbbb cccc dddd"], ["aaaa bbbb cccc dddd"], 0 },
        { ["dddd eeee ffff"], ["aaaa bbbb cccc"], 1 },
        { [""], ["a"], 1 },
        { ["a"], [""], 1 },
        { [""], [""], 0 },
        { ["d e f g h a b c"], ["a b c d e f g h"], 1.0 / 8 },
        {
            [
                "wählen Sie \" Bild neu berechnen , \" um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .",
                "wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option \" Alle Aufgaben aktualisieren . \"",
                "klicken Sie auf der Registerkarte \" Optionen \" auf die Schaltfläche \" Benutzerdefiniert \" und geben Sie Werte für \" Fehlerkorrektur-Level \" und \" Y / X-Verhältnis \" ein .",
                "Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .",
                "wählen Sie im Dialogfeld \" Neu aus Vorlage \" eine Vorlage aus und klicken Sie auf \" Neu . \"",
            ],
            [
                "wählen Sie \" Bild neu berechnen , \" um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .",
                "wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option \" Alle Aufgaben aktualisieren . \"",
                "klicken Sie auf der Registerkarte \" Optionen \" auf die Schaltfläche \" Benutzerdefiniert \" und geben Sie für \" Fehlerkorrektur-Level \" und \" Y / X-Verhältnis \" niedrigere Werte ein .",
                "Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .",
                "wählen Sie im Dialogfeld \" Neu aus Vorlage \" eine Vorlage aus und klicken Sie auf \" Neu . \"",
            ],
            0.136
        },
    };

    [Theory]
    [MemberData(nameof(TerCases))]
    public void TerMatchesSacrebleu(string[] hyps, string[] refs, double expected)
    {
        var score = Ter.Corpus(hyps, refs.Select(r => (IReadOnlyList<string>)[r]).ToList()).Score;
        Assert.True(Math.Abs(score - 100 * expected) < 1e-3, $"TER {score}, expected {100 * expected}");
    }

    // test_tokenizer_ter.py test_cases_default: TercomTokenizer() lowercases and normalises whitespace
    [Theory]
    [InlineData("a b c d", "a b c d")]
    [InlineData("", "")]
    [InlineData("a b c d.", "a b c d.")]
    [InlineData("A B C D.", "a b c d.")]
    public void TercomDefaultTokenizer(string input, string expected) => Assert.Equal(expected, TercomTokenizer.Tokenize(input));

    // test_tokenizer_ter.py test_cases_no_punct, test_cases_norm, test_cases_asian
    [Theory]
    [InlineData("a b c d.", "a b c d", false, true, false)]
    [InlineData("A ; B ) C : D.", "a b c d", false, true, false)]
    [InlineData("a b (c) d.", "a b ( c ) d .", true, false, false)]
    [InlineData("Jim's car.", "jim 's car .", true, false, false)]
    [InlineData("4.2", "4.2", true, false, false)]
    [InlineData("美众院公布对特", "美 众 院 公 布 对 特", true, false, true)]
    [InlineData("りの拳銃を持", "りの 拳 銃 を 持", true, false, true)]
    public void TercomTokenizerOptions(string input, string expected, bool normalized, bool noPunct, bool asian) =>
        Assert.Equal(expected, TercomTokenizer.Tokenize(input, new TerOptions { Normalized = normalized, NoPunct = noPunct, AsianSupport = asian }));
}

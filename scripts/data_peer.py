#!/usr/bin/env python3
"""NLTK peer of `medmlnet bench --data`: times NLTK 3.8's meteor_score (the reference MedMLNet's METEOR matches) on the
same hypothesis/reference pairs, tokenized as both sides do (word_tokenize(preserve_line=True)), with the same WordNet 3.0
dict folder. Prints one JSON line: pairs/s and the mean score. Needs python3-nltk (Debian)."""
import argparse, json, os, tempfile, time, warnings

from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.tokenize import word_tokenize
from nltk.translate.meteor_score import meteor_score

# The lexicographer file list of WordNet 3.0 (NLTK's reader requires `lexnames`; some WordNet packages omit it).
LEXNAMES = ("adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body noun.cognition "
            "noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive noun.object noun.person "
            "noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape noun.state "
            "noun.substance noun.time verb.body verb.change verb.cognition verb.communication verb.competition verb.consumption "
            "verb.contact verb.creation verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative "
            "verb.weather adj.ppl").split()


def open_wordnet(folder):
    if not os.path.exists(os.path.join(folder, "lexnames")):
        linked = tempfile.mkdtemp(prefix="wordnet-")
        for name in os.listdir(folder):
            os.symlink(os.path.join(folder, name), os.path.join(linked, name))
        kinds = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}
        with open(os.path.join(linked, "lexnames"), "w") as f:
            f.writelines(f"{i:02d}\t{n}\t{kinds[n.split('.')[0]]}\n" for i, n in enumerate(LEXNAMES))
        folder = linked
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return WordNetCorpusReader(folder, None)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pairs", required=True); p.add_argument("--wordnet", required=True); p.add_argument("--seconds", type=float, default=2.0)
    a = p.parse_args()
    wn = open_wordnet(a.wordnet)
    pairs = [json.loads(line) for line in open(a.pairs, encoding="utf-8")]

    def score_all():
        return [meteor_score([word_tokenize(x["ref"], preserve_line=True)], word_tokenize(x["hyp"], preserve_line=True), wordnet=wn) for x in pairs]

    scores = score_all()  # the mean, and the warm-up (loads WordNet lazily)
    result = {"framework": "nltk", "meteor_pairs_per_second": timed(score_all, len(pairs), a.seconds), "meteor_mean": sum(scores) / len(scores)}
    result.update(time_sacrebleu(pairs, a.seconds))
    result.update(time_rouge_score(pairs, a.seconds))
    print(json.dumps(result))


def timed(work, count, seconds):
    """Items per second of `work` (count items a call) repeated for `seconds`; call it after one untimed warm-up pass."""
    done, start = 0, time.perf_counter()
    while True:
        work(); done += count
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def time_rouge_score(pairs, seconds):
    """Google's rouge-score RougeScorer(rouge1, rouge2, rougeL, rougeLsum, use_stemmer=True), what MedMLNet's
    Rouge.Score matches, when importable as `rouge_score` (PyPI) or `rouge` (a google-research checkout)."""
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        try:
            from rouge import rouge_scorer
        except ImportError:
            return {}
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    mean = sum(scorer.score(x["ref"], x["hyp"])["rougeL"].fmeasure for x in pairs) / len(pairs)  # also the warm-up
    rate = timed(lambda: [scorer.score(x["ref"], x["hyp"]) for x in pairs], len(pairs), seconds)
    return {"rouge_pairs_per_second": rate, "rougeL_f_mean": mean}


def time_sacrebleu(pairs, seconds):
    """sacrebleu's sentence_bleu (13a, exp smoothing: what MedMLNet's Bleu.Sentence matches), when it can be imported
    (PyPI's sacrebleu, or a source checkout on PYTHONPATH); otherwise nothing."""
    try:
        import sacrebleu
    except ImportError:
        return {}
    bleu = sacrebleu.metrics.BLEU(effective_order=True)

    def score_all():
        return [bleu.sentence_score(x["hyp"], [x["ref"]]).score for x in pairs]

    scores = score_all()  # the mean, and the warm-up
    return {"sacrebleu": sacrebleu.__version__, "bleu_pairs_per_second": timed(score_all, len(pairs), seconds), "bleu_mean": sum(scores) / len(scores)}


if __name__ == "__main__":
    main()

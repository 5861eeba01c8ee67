"""`stancewire eval quotes`: content P/R/F1 and speaker accuracy on PolNeAR-style attribution cases.

Each case is one article `{id, text, attributions: [{source, cue, content: [[s, e], ...]}]}`. The article's `text`
goes through the pipeline's own code unchanged (spaCy model, `extract_entities`, `extract_quotes`), so offsets are
those of `text`. Predictions are written as `{id, quotes: [{content: [s, e], speaker: [s, e] | null, pieces}]}`;
`content` is the quote's outer span, `pieces` (informative only) the spans it is made of.

Metric (../shared/eval/README.md): a predicted quote matches a gold attribution when the sets of `\\w+` tokens of the
two contents (the predicted `content` span; all gold pieces) have Jaccard >= 0.5; matching is one-to-one, best pairs
first. Speaker accuracy counts matched pairs whose gold has a source: right when the predicted speaker span shares
a `\\w+` token (the same text position) with the gold source span. Recall is also split into gold direct quotes
(content starts or ends with a quote mark) and the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tasks.offline.eval_cases import read_text_cases

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from tasks.extract.quotes.utterances import Quote
    from tasks.nlp.gazetteer import Gazetteer

_WORD = re.compile(r"\w+")
MATCH_JACCARD = 0.5
#: Characters that make a gold content a direct quote when it starts or ends with one (NYT closes with '').
QUOTE_MARKS = "\"“”„‘’'«»`"
BATCH_SIZE = 16

Span = tuple[int, int]


def read_cases(path: Path) -> Iterator[dict]:
    """Articles `{id, text, attributions}` from a JSONL file (raises ValueError naming the bad line)."""
    return read_text_cases(path, "a quotes case")


def predict_doc(doc: Doc, gazetteer: Gazetteer, doc_id: str = "eval") -> list[dict]:
    """The pipeline's quotes of one parsed article, as prediction records (offsets into the parsed text)."""
    from tasks.extract.entities import extract_entities
    from tasks.extract.quotes.utterances import extract_quotes

    found = extract_entities(doc_id, doc, gazetteer)
    text = doc.text
    return [quote_record(text, q) for q in extract_quotes(doc, found.links)]


def quote_record(text: str, q: Quote) -> dict:
    """One quote as a prediction record: its content span (`content_span`), speaker span and pieces."""
    speaker = [q.speaker_start, q.speaker_end] if q.speaker_start >= 0 else None
    pieces = [(a, b) for a, b in q.pieces] or [(q.start_char, q.end_char)]
    content = content_span(text, (q.start_char, q.end_char), pieces)
    return {"content": list(content), "speaker": speaker, "pieces": [list(p) for p in pieces]}


def content_span(text: str, outer: Span, pieces: Sequence[Span]) -> Span:
    """The one span standing for a quote's words: its outer span, or its longest piece when the cue clause
    between the pieces ('"A," X told reporters as she left. "B."') outweighs the shorter pieces, judged by the same
    token-set Jaccard the metric uses, between each candidate and the words of all the pieces."""
    if len(pieces) < 2:
        return outer
    words = _tokens(text, pieces)
    longest = max(pieces, key=lambda p: len(_tokens(text, [p])))
    if jaccard(_tokens(text, [longest]), words) > jaccard(_tokens(text, [outer]), words):
        return tuple(longest)
    return outer


def predict_cases(cases: Sequence[dict], nlp: Language, gazetteer: Gazetteer | None = None) -> list[list[dict]]:
    """Predicted quotes per case, parsing each article's text as it is."""
    from tasks.nlp.gazetteer import load_gazetteer

    gaz = gazetteer or load_gazetteer()
    docs = nlp.pipe((c["text"] for c in cases), batch_size=BATCH_SIZE)
    return [predict_doc(doc, gaz, str(c["id"])) for doc, c in zip(docs, cases, strict=True)]


def _tokens(text: str, spans: Iterable[Span]) -> frozenset[str]:
    """The set of `\\w+` tokens of some spans of a text."""
    return frozenset(w for s, e in spans for w in _WORD.findall(text[s:e]))


def _token_ranges(text: str, span: Span) -> list[Span]:
    """Absolute offsets of the `\\w+` tokens of text[s:e]."""
    s, e = span
    return [(s + m.start(), s + m.end()) for m in _WORD.finditer(text[s:e])]


def shares_token(text: str, predicted: Span | None, gold: Span) -> bool:
    """Whether a predicted speaker span and a gold source span share a token at the same place in the text."""
    if predicted is None:
        return False
    gold_tokens = _token_ranges(text, gold)
    return any(a < d and c < b for a, b in _token_ranges(text, predicted) for c, d in gold_tokens)


def is_direct(text: str, pieces: Sequence[Span]) -> bool:
    """A gold content is a direct quote when it starts or ends with a quote mark."""
    if not pieces:
        return False
    first = text[pieces[0][0] : pieces[0][1]].strip()
    last = text[pieces[-1][0] : pieces[-1][1]].strip()
    return (first[:1] in QUOTE_MARKS and first[:1] != "") or (last[-1:] in QUOTE_MARKS and last[-1:] != "")


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard index of two token sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match(text: str, predicted: Sequence[dict], gold: Sequence[dict]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs with Jaccard >= 0.5, the best pairs first."""
    p_tok = [_tokens(text, [tuple(p["content"])]) for p in predicted]
    g_tok = [_tokens(text, [tuple(x) for x in g["content"]]) for g in gold]
    pairs = []
    for i, pt in enumerate(p_tok):
        for j, gt in enumerate(g_tok):
            if pt & gt:
                score = jaccard(pt, gt)
                if score >= MATCH_JACCARD:
                    pairs.append((-score, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


@dataclass(slots=True)
class QuotesReport:
    """Counts behind the quotes figures."""

    articles: int = 0
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speaker_pairs: int = 0  # matched pairs whose gold has a source
    speaker_right: int = 0
    gold_direct: int = 0
    matched_direct: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_pairs if self.speaker_pairs else 0.0

    @property
    def direct_recall(self) -> float:
        return self.matched_direct / self.gold_direct if self.gold_direct else 0.0

    @property
    def other_recall(self) -> float:
        other = self.gold - self.gold_direct
        return (self.matched - self.matched_direct) / other if other else 0.0


def score_article(report: QuotesReport, text: str, predicted: Sequence[dict], gold: Sequence[dict]) -> None:
    """Add one article's counts to a report."""
    direct = [is_direct(text, [tuple(x) for x in g["content"]]) for g in gold]
    report.articles += 1
    report.predicted += len(predicted)
    report.gold += len(gold)
    report.gold_direct += sum(direct)
    for i, j in match(text, predicted, gold):
        report.matched += 1
        report.matched_direct += direct[j]
        source = gold[j].get("source")
        if source is not None:
            report.speaker_pairs += 1
            speaker = predicted[i].get("speaker")
            report.speaker_right += shares_token(text, tuple(speaker) if speaker else None, tuple(source))


def score(cases: Sequence[dict], predictions: Sequence[Sequence[dict]]) -> QuotesReport:
    """The report over all cases."""
    report = QuotesReport()
    for case, predicted in zip(cases, predictions, strict=True):
        score_article(report, case["text"], predicted, case.get("attributions") or [])
    return report


def run_quotes_eval(cases_path: Path, predictions_path: Path, nlp: Language) -> QuotesReport:
    """Predict every case's quotes, write them as JSONL and score them."""
    cases = list(read_cases(cases_path))
    predictions = predict_cases(cases, nlp)
    predictions_path = Path(predictions_path)
    predictions_path.parent.mkdir(parents=True, exist_ok=True)
    with predictions_path.open("w", encoding="utf-8") as fh:
        for case, quotes in zip(cases, predictions, strict=True):
            fh.write(json.dumps({"id": case["id"], "quotes": quotes}, ensure_ascii=False) + "\n")
    return score(cases, predictions)


def format_quotes_report(r: QuotesReport) -> str:
    """The figures as printed by the command."""
    other = r.gold - r.gold_direct
    return "\n".join(
        [
            f"articles {r.articles}: {r.gold} gold attributions ({r.gold_direct} direct), {r.predicted} predicted",
            f"content   precision {r.precision:.3f}  recall {r.recall:.3f}  F1 {r.f1:.3f}  ({r.matched} matched)",
            f"speaker   accuracy {r.speaker_accuracy:.3f}  ({r.speaker_right}/{r.speaker_pairs} matched with a source)",
            f"recall    direct quotes {r.direct_recall:.3f} ({r.matched_direct}/{r.gold_direct})  "
            f"other {r.other_recall:.3f} ({r.matched - r.matched_direct}/{other})",
        ]
    )


#: Argument slots a cue's content can fill (a child's dep, or prep_<word>); the rest say nothing about content.
FRAME_DEPS = ("ccomp", "xcomp", "dobj", "oprd")
MIN_FRAME_SHARE = 0.1


def _content_slot(verb: object, start: int, end: int) -> str | None:
    """The child slot of a cue verb that overlaps a gold content most (ccomp, dobj, prep_for, ...)."""
    best: tuple[int, str] | None = None
    for ch in verb.children:  # type: ignore[attr-defined]
        lo, hi = ch.left_edge.idx, ch.right_edge.idx + len(ch.right_edge.text)
        overlap = min(hi, end) - max(lo, start)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, f"prep_{ch.lower_}" if ch.dep_ == "prep" else ch.dep_)
    return best[1] if best else None


def mine_cues(cases: Sequence[dict], docs: Sequence[Doc], min_count: int = 8) -> dict:
    """Cue lexicon learned from annotated articles: per verb lemma, how often it is a cue (of all its uses as a
    verb) and which argument slots hold the content. Only counts are kept, never text."""
    from collections import Counter, defaultdict

    cue_n: Counter[str] = Counter()
    direct_n: Counter[str] = Counter()
    verbs: Counter[str] = Counter()
    slots: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for case, doc in zip(cases, docs, strict=True):
        for a in case.get("attributions") or []:
            if not a.get("cue"):
                continue
            span = doc.char_span(a["cue"][0], a["cue"][1], alignment_mode="expand")
            cands = [t for t in span or () if t.pos_ in ("VERB", "AUX")]
            if not cands:
                continue
            verb = min(cands, key=lambda t: (t.head.i != t.i and t.head in span, t.i))
            lemma = verb.lemma_.lower()
            cue_n[lemma] += 1
            direct_n[lemma] += is_direct(case["text"], [tuple(x) for x in a["content"]])
            slot = _content_slot(verb, a["content"][0][0], a["content"][-1][1])
            if slot is not None and (slot in FRAME_DEPS or slot.startswith("prep_")):
                slots[lemma][slot] += 1
        verbs.update(t.lemma_.lower() for t in doc if t.pos_ in ("VERB", "AUX"))
    cues = {}
    for lemma, n in cue_n.most_common():
        if n < min_count or not lemma.isalpha():
            continue
        frames = sorted(s for s, k in slots[lemma].items() if k >= MIN_FRAME_SHARE * n)
        cues[lemma] = {
            "cue": n,
            "verb": verbs[lemma],
            "share": round(n / max(1, verbs[lemma]), 3),
            "direct": direct_n[lemma],
            "frames": frames,
        }
    return {
        "about": "Cue verbs mined from the PolNeAR train half by tasks.offline.quotes.evaluate.mine_cues: per "
        "lemma, times it "
        "is the verb of an annotated cue, times it occurs as a verb, their ratio, times it is the cue of a direct "
        "quote (content starting or ending with a quote mark), and the argument slots (child dependency, or "
        "prep_<word>) holding at least 10% of its contents.",
        "articles": len(cases),
        "cues": cues,
    }


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m tasks.offline.quotes.evaluate mine TRAIN.jsonl OUT.json`: rebuild the cue lexicon from a train half
    (counts,
    then the extractor's probe of low-share cues)."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3 or args[0] != "mine":
        raise SystemExit("usage: python -m tasks.offline.quotes.evaluate mine TRAIN.jsonl OUT.json")
    from flows.settings import load_settings
    from tasks.nlp.pipeline import build_nlp

    cases = list(read_cases(Path(args[1])))
    nlp = build_nlp(load_settings().model)
    docs = list(nlp.pipe((c["text"] for c in cases), batch_size=BATCH_SIZE))
    from tasks.offline.quotes.cue_probe import add_probe, probe_cues

    lexicon = mine_cues(cases, docs)
    lexicon = add_probe(lexicon, probe_cues(cases, docs, lexicon))
    Path(args[2]).write_text(json.dumps(lexicon, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

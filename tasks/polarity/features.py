"""Target-relative features for one (sentence, target) pair: windows, clause, negation, quotes, lexicon."""

from __future__ import annotations

from .lexicon import CLAUSE_BREAKS, NEGATORS, PRONOUNS, SPEECH_VERBS, TARGET_NEGATORS
from .text import TokenisedTarget, crude_stem

TARGET = "_t_"
NEG_SCOPE = 3  # tokens after a negator whose words are marked negated
WINDOW = 8  # tokens either side of the target that get side-specific window features
_QUOTES = frozenset('"“”«»')


def clause_ids(tokens: list[str]) -> list[int]:
    """Number the clauses of a token list; a clause-break token starts a new clause."""
    ids: list[int] = []
    cid = 0
    for tok in tokens:
        if tok in CLAUSE_BREAKS or tok in _QUOTES:
            cid += 1
        ids.append(cid)
    return ids


def negation_flags(tokens: list[str], clauses: list[int]) -> list[bool]:
    """Mark tokens within NEG_SCOPE after a negator in the same clause."""
    flags = [False] * len(tokens)
    for i, tok in enumerate(tokens):
        if tok in NEGATORS or tok.endswith("n't") or tok.endswith("n’t"):
            for j in range(i + 1, min(len(tokens), i + 1 + NEG_SCOPE)):
                if clauses[j] != clauses[i]:
                    break
                flags[j] = True
    return flags


def target_negated(tt: TokenisedTarget, clauses: list[int]) -> bool:
    """Is the target itself negated ("... but not Robert", "not even Robert"), not a verb before it?"""
    j = tt.t_start - 1
    if j >= 1 and tt.tokens[j] in ("even", "also", "just", "only"):
        j -= 1
    return j >= 0 and tt.tokens[j] in TARGET_NEGATORS


def lexicon_score(tt: TokenisedTarget, lex: dict[str, float]) -> tuple[float, float, float]:
    """Distance- and clause-weighted VADER valence around the target: (signed sum, positive part, negative part)."""
    toks = tt.tokens
    clauses = clause_ids(toks)
    negs = negation_flags(toks, clauses)
    t_clause = clauses[tt.t_start] if tt.t_start < len(toks) else clauses[-1] if clauses else 0
    flipped = target_negated(tt, clauses)  # elliptical contrast borrows the other clause's predicate
    pos = neg = 0.0
    for i, tok in enumerate(toks):
        if tt.t_start <= i < tt.t_end:
            continue
        v = lex.get(tok)
        if not v:
            continue
        if negs[i]:
            v *= -0.74
        d = tt.t_start - i if i < tt.t_start else i - tt.t_end + 1
        w = 1.0 / (1.0 + (d - 1) / 4.0)
        if clauses[i] != t_clause and not flipped:
            w *= 0.5
        if v > 0:
            pos += v * w
        else:
            neg += v * w
    total = pos + neg
    if flipped:
        total, pos, neg = -total, -neg, -pos
    return total, pos, neg


def _add(feats: dict[str, float], key: str, value: float = 1.0) -> None:
    """Accumulate a feature value."""
    feats[key] = feats.get(key, 0.0) + value


def extract_features(tt: TokenisedTarget, lex: dict[str, float]) -> dict[str, float]:
    """Build the sparse feature dict of one target mention."""
    toks = tt.tokens
    n = len(toks)
    ts, te = tt.t_start, tt.t_end
    clauses = clause_ids(toks)
    negs = negation_flags(toks, clauses)
    t_clause = clauses[ts] if ts < n else (clauses[-1] if clauses else 0)
    masked = [TARGET if ts <= i < te else ("neg_" + t if negs[i] else t) for i, t in enumerate(toks)]
    # collapse a multi-token target to one placeholder
    seq = [*masked[:ts], TARGET, *masked[te:]]
    tpos = ts
    feats: dict[str, float] = {}
    for i, w in enumerate(masked):
        if ts <= i < te:
            continue
        _add(feats, "s:" + w)
        if clauses[i] == t_clause:
            _add(feats, "c:" + w)
        d = ts - i if i < ts else i - te + 1
        side = "l" if i < ts else "r"
        if d <= WINDOW:
            weight = 1.0 / (1.0 + (d - 1) / 3.0)
            _add(feats, f"{side}:{w}", weight)
            _add(feats, "w:" + w, weight)
            _add(feats, "ws:" + crude_stem(w), weight)  # CV macro-F1 +0.002 on train
        if d <= 2:
            _add(feats, f"{side}{d}:{w}")
    left1 = seq[tpos - 1] if tpos >= 1 else "<s>"
    left2 = seq[tpos - 2] if tpos >= 2 else "<s>"
    right1 = seq[tpos + 1] if tpos + 1 < len(seq) else "</s>"
    right2 = seq[tpos + 2] if tpos + 2 < len(seq) else "</s>"
    _add(feats, f"t3:{left2}_{left1}_T")
    _add(feats, f"t3:T_{right1}_{right2}")
    _add(feats, f"t2:{left1}_T")
    _add(feats, f"t2:T_{right1}")
    # target kind and position
    t_words = toks[ts:te]
    if len(t_words) == 1 and t_words[0] in PRONOUNS:
        _add(feats, "tk:pron_" + t_words[0])
    else:
        _add(feats, "tk:name")
        # common-noun words of the target ("the attack", "his administration"); proper names stay masked
        for raw, low in zip(tt.raw[ts:te], t_words, strict=True):
            if not raw[:1].isupper():
                _add(feats, "tw:" + low)
        caps = sum(1 for raw in tt.raw[ts:te] if raw[:1].isupper())
        _add(feats, f"tk:caps{min(caps, 3)}_len{min(te - ts, 4)}")
    if (te > ts and tt.raw[te - 1].lower().endswith(("'s", "’s"))) or (te < n and toks[te] in ("'", "’")):
        _add(feats, "tk:poss")
    _add(feats, "pos:" + ("start" if ts <= 1 else "early" if ts < n / 3 else "mid" if ts < 2 * n / 3 else "late"))
    # quotes and speech
    in_q = ts < n and tt.in_quote[ts]
    has_q = any(t in _QUOTES for t in toks)
    _add(feats, "q:" + ("in" if in_q else "out_has" if has_q else "none"))
    near = toks[max(0, ts - 3) : ts] + toks[te : te + 3]
    if any(t in SPEECH_VERBS for t in near):
        _add(feats, "spk:near")
    if not in_q and has_q:
        for i, w in enumerate(masked):
            if tt.in_quote[i]:
                _add(feats, "qw:" + w)
    # other names in the sentence (capitalised mid-sentence tokens outside the target)
    others = sum(1 for i in range(1, n) if not ts <= i < te and tt.raw[i][:1].isupper())
    _add(feats, f"names:{min(others, 4)}")
    # lexicon scores
    total, pos, neg = lexicon_score(tt, lex)
    feats["lex:total"] = total
    feats["lex:pos"] = pos
    feats["lex:neg"] = neg
    if target_negated(tt, clauses):
        _add(feats, "tneg")
    return feats

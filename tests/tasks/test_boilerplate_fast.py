"""The stripper's vectorised fast paths give exactly what straightforward per-line reference code gives."""

from __future__ import annotations

import numpy as np

from tasks.boilerplate.trees import TreeEnsemble


def _walk_one(model: TreeEnsemble, row: np.ndarray) -> float:
    """Reference: walk every tree node by node for one row and add the leaf values in tree order."""
    leaves = []
    for root in model.roots.tolist():
        node = root
        for _ in range(model.depth):
            go_left = row[model.feature[node]] <= model.threshold[node]
            node = int(model.left[node] if go_left else model.right[node])
        leaves.append(model.value[node])
    return float(np.array(leaves).sum() + model.bias)


def _random_ensemble(rng: np.random.Generator, n_trees: int, n_features: int, depth: int) -> TreeEnsemble:
    """Build an ensemble of random trees, some with leaves above the full depth (self-looping)."""
    feats, thrs, lefts, rights, vals, roots = [], [], [], [], [], []

    def grow(level: int) -> int:
        """Append a subtree and return its node index."""
        idx = len(feats)
        feats.append(0)
        thrs.append(np.inf)
        lefts.append(idx)
        rights.append(idx)
        vals.append(0.0)
        if level == depth or (level > 0 and rng.random() < 0.25):
            vals[idx] = float(rng.normal())
            return idx
        feats[idx] = int(rng.integers(n_features))
        thrs[idx] = float(rng.normal())
        lefts[idx] = grow(level + 1)
        rights[idx] = grow(level + 1)
        return idx

    for _ in range(n_trees):
        roots.append(grow(0))
    return TreeEnsemble(
        features=tuple(f"f{i}" for i in range(n_features)),
        feature=np.asarray(feats, dtype=np.int64),
        threshold=np.asarray(thrs),
        left=np.asarray(lefts, dtype=np.int64),
        right=np.asarray(rights, dtype=np.int64),
        value=np.asarray(vals),
        roots=np.asarray(roots, dtype=np.int64),
        depth=depth,
        bias=0.25,
    )


def test_tree_logit_matches_a_node_by_node_walk() -> None:
    rng = np.random.default_rng(7)
    model = _random_ensemble(rng, n_trees=30, n_features=6, depth=3)
    x = rng.normal(size=(40, 6))
    x[::5, 2] = model.threshold[model.feature == 2][:1] if (model.feature == 2).any() else 0.0  # ties go left
    got = model.logit(x)
    want = np.array([_walk_one(model, row) for row in x])
    assert got.shape == (40,)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    assert model.logit(np.zeros((0, 6))).shape == (0,)


def test_tree_json_round_trip_keeps_decisions() -> None:
    rng = np.random.default_rng(3)
    model = _random_ensemble(rng, n_trees=12, n_features=4, depth=2)
    names = model.features
    again = TreeEnsemble.from_json(model.to_json(), names)
    x = rng.normal(size=(25, 4))
    np.testing.assert_allclose(again.logit(x), np.array([_walk_one(again, row) for row in x]), rtol=0, atol=1e-12)

"""Gradient-boosted tree ensemble inference in numpy (trained with scikit-learn, shipped as JSON arrays)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, slots=True)
class TreeEnsemble:
    """Trees packed into flat arrays; leaves loop to themselves so every row walks `depth` steps."""

    features: tuple[str, ...]
    feature: np.ndarray  # int, per node (0 at leaves)
    threshold: np.ndarray  # float, per node (+inf at leaves)
    left: np.ndarray  # int, global node index
    right: np.ndarray
    value: np.ndarray  # float, leaf contribution (learning rate already applied)
    roots: np.ndarray  # int, root node of each tree
    depth: int
    bias: float
    step: np.ndarray = field(init=False, repr=False, compare=False)  # step[2 * node + go_left]: 2 * the next node
    feature2: np.ndarray = field(init=False, repr=False, compare=False)  # feature of node, at 2 * node and after
    threshold2: np.ndarray = field(init=False, repr=False, compare=False)  # threshold of node, likewise
    root2: np.ndarray = field(init=False, repr=False, compare=False)  # 2 * roots
    root_feature: np.ndarray = field(init=False, repr=False, compare=False)  # feature of each root
    root_threshold: np.ndarray = field(init=False, repr=False, compare=False)  # threshold of each root
    leaf_step: np.ndarray = field(init=False, repr=False, compare=False)  # leaf_step[2 * node + go_left]: its value

    def __post_init__(self) -> None:
        """Interleave right and left children so one flat take walks a level of every tree (nodes counted twice)."""
        object.__setattr__(self, "step", 2 * np.stack((self.right, self.left), axis=1).ravel())
        object.__setattr__(self, "feature2", np.repeat(self.feature, 2))
        object.__setattr__(self, "threshold2", np.repeat(self.threshold, 2))
        object.__setattr__(self, "root2", 2 * self.roots)
        object.__setattr__(self, "root_feature", self.feature[self.roots])
        object.__setattr__(self, "root_threshold", self.threshold[self.roots])
        object.__setattr__(self, "leaf_step", self.value[self.step >> 1])  # the value of the node a step reaches

    def logit(self, x: np.ndarray) -> np.ndarray:
        """Return the ensemble's decision values (log-odds) for the rows of `x`."""
        if len(x) == 0:
            return np.zeros(0)
        m, n_cols = x.shape
        x = np.ascontiguousarray(x, dtype=np.float64)
        if not self.depth:
            return np.add.reduce(self.value.take(np.broadcast_to(self.roots, (m, len(self.roots)))), axis=1) + self.bias
        # rows x trees: twice the node each row has reached in each tree, plus 1 where it goes left from there; at
        # the roots every row reads the same column of each tree. The last step reads the leaf's value directly.
        node2 = self.root2 + (x.take(self.root_feature, axis=1) <= self.root_threshold)
        if self.depth > 1:
            flat = x.ravel()
            row_start = (np.arange(m) * n_cols)[:, None]
            for _ in range(self.depth - 1):
                node2 = self.step.take(node2)
                column = self.feature2.take(node2)
                column += row_start
                node2 += flat.take(column) <= self.threshold2.take(node2)
        return np.add.reduce(self.leaf_step.take(node2), axis=1) + self.bias  # .sum(axis=1), minus its wrapper

    def to_json(self) -> dict:
        """Return a JSON-ready dict of the ensemble."""
        thr = [None if not np.isfinite(t) else round(float(t), 6) for t in self.threshold]
        return {
            "kind": "trees",
            "features": list(self.features),
            "feature": self.feature.tolist(),
            "threshold": thr,
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [round(float(v), 6) for v in self.value],
            "roots": self.roots.tolist(),
            "depth": self.depth,
            "bias": round(self.bias, 6),
        }

    @classmethod
    def from_json(cls, data: dict, expected: tuple[str, ...]) -> TreeEnsemble:
        """Build an ensemble from its JSON dict, checking it was trained on the expected feature list."""
        if tuple(data["features"]) != expected:
            raise RuntimeError(
                "boilerplate weights.json was trained on a different feature list; "
                "retrain with `python -m tasks.offline.boilerplate.train --data <dev jsonl files>`"
            )
        thr = np.asarray([np.inf if t is None else t for t in data["threshold"]], dtype=np.float64)
        return cls(
            features=expected,
            feature=np.asarray(data["feature"], dtype=np.int64),
            threshold=thr,
            left=np.asarray(data["left"], dtype=np.int64),
            right=np.asarray(data["right"], dtype=np.int64),
            value=np.asarray(data["value"], dtype=np.float64),
            roots=np.asarray(data["roots"], dtype=np.int64),
            depth=int(data["depth"]),
            bias=float(data["bias"]),
        )


def pack_hist_trees(predictors: list, bias: float, names: tuple[str, ...]) -> TreeEnsemble:
    """Pack a fitted binary HistGradientBoostingClassifier's predictors (one tree per round) into an ensemble."""
    feats: list[int] = []
    thrs: list[float] = []
    lefts: list[int] = []
    rights: list[int] = []
    vals: list[float] = []
    roots: list[int] = []
    depth = 0
    for (pred,) in predictors:
        nodes = pred.nodes
        base = len(feats)
        roots.append(base)
        depth = max(depth, int(pred.get_max_depth()))
        for n in range(len(nodes)):
            node = nodes[n]
            leaf = bool(node["is_leaf"])
            feats.append(0 if leaf else int(node["feature_idx"]))
            thrs.append(np.inf if leaf else float(node["num_threshold"]))
            lefts.append(base + n if leaf else base + int(node["left"]))
            rights.append(base + n if leaf else base + int(node["right"]))
            vals.append(float(node["value"]) if leaf else 0.0)
    return TreeEnsemble(
        features=names,
        feature=np.asarray(feats, dtype=np.int64),
        threshold=np.asarray(thrs),
        left=np.asarray(lefts, dtype=np.int64),
        right=np.asarray(rights, dtype=np.int64),
        value=np.asarray(vals),
        roots=np.asarray(roots, dtype=np.int64),
        depth=depth,
        bias=bias,
    )

"""Node positions of the stance network: a small, seeded force-directed layout (Fruchterman–Reingold)."""

from __future__ import annotations

import numpy as np


def spring_layout(
    ids: list[str],
    pairs: list[tuple[str, str, float]],
    *,
    iterations: int = 300,
    seed: int = 7,
    gravity: float = 2.0,
) -> dict[str, tuple[float, float]]:
    """Positions in [0.05, 0.95]² for ids, linked pairs pulled together by weight; same input, same layout."""
    n = len(ids)
    if n == 0:
        return {}
    if n == 1:
        return {ids[0]: (0.5, 0.5)}
    index = {a: i for i, a in enumerate(ids)}
    weights = np.zeros((n, n))
    for a, b, w in pairs:
        if a in index and b in index and a != b:
            weights[index[a], index[b]] += w
            weights[index[b], index[a]] += w
    rng = np.random.default_rng(seed)
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.c_[np.cos(angle), np.sin(angle)] * 0.5 + rng.normal(0, 0.01, (n, 2))
    k = np.sqrt(1.0 / n)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / dist - weights * dist * dist / k  # repulsion between all, attraction along edges
        np.fill_diagonal(force, 0.0)
        disp = (delta / dist[..., None] * force[..., None]).sum(
            axis=1
        ) - gravity * pos  # gravity: components stay in one picture
        length = np.maximum(np.linalg.norm(disp, axis=-1), 0.01)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = max(temperature - 0.1 / (iterations + 1), 0.002)
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    span = np.where(hi - lo > 1e-9, hi - lo, 1.0)
    scaled = 0.05 + 0.9 * (pos - lo) / span
    return {a: (float(scaled[i, 0]), float(scaled[i, 1])) for a, i in index.items()}

"""Triage's model: how likely a claim is wrong, from its features, with the weights learnt in
bench/train_triage.py and shipped in model.json beside this file (no data is fetched at run time)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from workbench.triage.features import FEATURES


@dataclass(frozen=True)
class Model:
    weights: tuple[float, ...]  # one per name of FEATURES, in its order
    bias: float

    def score(self, features: tuple[float, ...]) -> float:
        """The chance, 0-1, that the claim holds an error the reference does not back (logistic)."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model; its features must be the ones features.py measures, in that order."""
    held = json.loads(resources.files("workbench.triage").joinpath("model.json").read_text("utf-8"))
    if tuple(held["features"]) != FEATURES:
        raise RuntimeError(
            "triage's model.json was trained on other features: run bench/train_triage.py --write"
        )
    return Model(tuple(float(w) for w in held["weights"]), float(held["bias"]))

"""Small pretrained stance encoder (all-MiniLM-L6-v2 fine-tuned, run with onnxruntime): see runtime.py."""

from tasks.extract.encoder.runtime import (
    DEFAULT_MODEL_DIR,
    DIRECTED_LABELS,
    PORTRAYAL_LABELS,
    ArtifactError,
    PairInput,
    StanceEncoder,
    TargetInput,
    load_stance_encoder,
    mark_pair,
    mark_target,
    widen_to_words,
)

__all__ = [
    "DEFAULT_MODEL_DIR",
    "DIRECTED_LABELS",
    "PORTRAYAL_LABELS",
    "ArtifactError",
    "PairInput",
    "StanceEncoder",
    "TargetInput",
    "load_stance_encoder",
    "mark_pair",
    "mark_target",
    "widen_to_words",
]

"""Training, ONNX export and runtime tuning of the shipped encoders in `tasks/extract/encoder/model` (needs the `train`
extra)."""

"""Training material for the segmenter: the layout generator, invented documents, the typesetter's
input model, and `make train` (see training/README.md)."""

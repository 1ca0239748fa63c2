"""The converter's vocabulary: the words it knows (departments, themes, document types: YAML files in
converter/data/, asked through `VOCAB`) and the shapes it recognises (every regular expression,
named and commented, in `patterns`)."""
from converter.vocab.vocabulary import VOCAB, Department, Theme, Vocabulary, trie_pattern

__all__ = ["VOCAB", "Department", "Theme", "Vocabulary", "trie_pattern"]

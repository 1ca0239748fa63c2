"""What the laid-out readers (PDF, Word) share."""
from __future__ import annotations


def one_line(text: str) -> str:
    """No line break inside a line of laid-out text (each is one line of Source.text)."""
    return "".join(" " if c in "\r\n\v\f\x85\u2028\u2029" else c for c in text)

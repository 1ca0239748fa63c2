"""Answers about one piece of text that several stages ask: display width, how a line ends, title
keys and similarity, numerals, dates, slugs. Pure functions of their arguments (perf/memo.py may
remember some of them while one file is converted)."""

"""Aligning passages between articles: the Aligner interface, the lexical scorer, its index, the diff."""

"""Benchmarks for kommunegraf: synthetic corpora with known facts, for scale and extraction-quality runs."""

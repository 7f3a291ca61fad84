"""Ingest: bytes of a text file or a PDF -> `Line`s in reading order."""

"""Text stage: newspaper pages → articles → sentences with character offsets.

Ingest (files, encodings, HTML/JSONL), normalization, segmentation, jieba tokenization, dates, the field's lexicon.
"""

__all__ = ['dates', 'ingest', 'lexicon', 'normalize', 'segment', 'tokenize']

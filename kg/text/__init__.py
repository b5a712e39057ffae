"""Text stage: newspaper pages → articles → sentences with character offsets.

Finding, decoding and reading pages (HTML, JSONL); normalization; layout, bylines, sentences; jieba tokenization; dates; lexicon.
"""

__all__ = ['byline', 'dates', 'decode', 'find', 'htmltext', 'ingest', 'lexicon', 'normalize', 'pagelayout', 'problems',
           'segment', 'sentences', 'tokenize']

"""Extraction stage: mentions, entities, relations from the sentences of one article.

Candidate grammar (mentions), resolution and coreference, relation rules, the learned scorer, one page end to end.
"""

__all__ = ['candidates', 'learn', 'mentions', 'page', 'relate', 'resolve']

"""Extraction stage: mentions, entities, relations from the sentences of one article.

Mention rules by kind over a shared name grammar, resolution and merging, relation rules, candidates, the learned scorer, one page end to end.
"""

__all__ = ['activities', 'activity_roles', 'bodies', 'body_names', 'candidates', 'entity_features', 'honors', 'learn', 'merge',
           'mentions', 'page', 'pair_features', 'people', 'places', 'positions', 'relate', 'resolve', 'sentence']

"""Curation: a person's decisions about the graph (merge, rename, reject…), kept in a file and reapplied to every build.

The file format and its checks, the pure function that applies it, and the review queue that proposes decisions.
"""

__all__ = ["decisions", "apply", "review"]

"""Output: serialization of the graph, extraction JSON, atomic writes, the output folder, the cache.

Everything that writes files of a build.
"""

__all__ = ['cache', 'export', 'jsonout', 'outdir']

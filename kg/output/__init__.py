"""Output: serialization of the graph, extraction JSON, atomic writes, the output folder, the cache.

Everything that writes files of a build.
"""

__all__ = ['cache', 'export', 'extras', 'files', 'jsonld', 'jsonout', 'lines', 'merge', 'networkfiles', 'outdir',
           'partcache', 'parts', 'rendered', 'serialize', 'sinks', 'streamed', 'turtle', 'void']

"""Output: serialization of the graph, extraction JSON, atomic writes, the output folder, the cache.

Everything that writes files of a build.
"""

__all__ = ['cache', 'export', 'files', 'jsonld', 'jsonout', 'lines', 'merge', 'outdir', 'partcache', 'parts',
           'rendered', 'serialize', 'sinks', 'streamed', 'turtle']

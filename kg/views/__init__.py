"""Views: network analytics over the graph and the interactive HTML pages.

Cooperation network, centrality, pyvis/vis-network pages drawn settled and offline.
"""

__all__ = ['data', 'html', 'layout', 'lookup', 'network']

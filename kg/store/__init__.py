"""Store: Oxigraph store, named SPARQL queries, the checked query path and the endpoint.

kg load / kg query / kg serve.
"""

__all__ = ['oxigraph', 'pool', 'query', 'serve', 'sparql']

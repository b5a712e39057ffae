"""union-kg: a knowledge-graph builder for Chinese trade-union news pages.

Pipeline (one module per stage)::

    ingest → segment → extract → resolve → relate → rdf → export / views
"""
__version__ = "0.1.0"

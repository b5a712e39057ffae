"""Graph stage: the RDF mapping of a knowledge graph under the union-kg ontology.

Namespaces and IRIs, terms and dates, quads per named graph, formats and reading, ontology, SHACL.
"""

__all__ = ['dates', 'formats', 'iris', 'namespaces', 'ontology', 'rdf', 'read', 'shacl', 'terms']

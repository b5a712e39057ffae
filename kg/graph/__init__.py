"""Graph stage: the RDF mapping of a knowledge graph under the union-kg ontology.

Namespaces and IRIs, terms and dates (of relations: time), quads per named graph, formats and reading, ontology, SHACL.
"""

__all__ = ['dates', 'formats', 'iris', 'namespaces', 'ontology', 'rdf', 'read', 'shacl', 'terms', 'time']

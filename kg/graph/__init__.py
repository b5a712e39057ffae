"""Graph stage: the RDF mapping of a knowledge graph under the union-kg ontology.

Namespaces and IRIs, terms and dates (of relations: time), quads per named graph and reading them back, formats, ontology, SHACL.
"""

__all__ = ['dates', 'formats', 'iris', 'namespaces', 'ontology', 'rdf', 'read', 'readback', 'shacl', 'terms', 'time']

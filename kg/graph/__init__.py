"""Graph stage: the RDF mapping of a knowledge graph under the union-kg ontology.

IRIs, quads per named graph, ontology and SHACL shapes access, validation.
"""

__all__ = ['rdf', 'shacl']

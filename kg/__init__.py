"""union-kg: a knowledge-graph builder for Chinese trade-union news pages.

Pipeline (one module per stage)::

    ingest → segment → extract → resolve → relate → rdf → export / views
"""
__version__ = "0.1.0"


def package_sources() -> list[tuple[str, bytes]]:
    """``(path relative to the package, bytes)`` of every ``.py`` file of union-kg, sorted by path.

    The code fingerprints of the cache (:mod:`kg.output.cache`) and of the
    rendered parts (:mod:`kg.output.partcache`) hash these.
    """
    from importlib import resources  # start-up: only the fingerprints need it

    out = []
    todo = [("", resources.files("kg"))]
    while todo:
        prefix, folder = todo.pop()
        for res in folder.iterdir():
            rel = prefix + res.name
            if res.is_dir() and res.joinpath("__init__.py").is_file():
                todo.append((rel + "/", res))
            elif res.name.endswith(".py") and res.is_file():
                out.append((rel, res.read_bytes()))
    return sorted(out)

"""The static site of a build (``kg site``): entity, article and index pages, the cooperation view.

Plain HTML, small scripts and data chunks as JS files: works from ``file://`` with no request leaving the page.
"""

__all__ = ["source", "context", "html", "entity", "article", "search", "cooperation", "assets", "write"]

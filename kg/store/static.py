"""The static site of ``kg site`` served by ``kg serve`` at ``/``, next to ``/sparql``.

Files are served by Starlette's :class:`~starlette.staticfiles.StaticFiles`
(paths resolved and kept inside the folder: ``..``, absolute paths and
symbolic links out of it get 404), ``GET``/``HEAD`` only, with
``Content-Security-Policy: default-src 'none'; …`` (the site's own policy,
so a page works exactly as from ``file://``), ``X-Content-Type-Options:
nosniff`` and the server's URL length limit (414). Hidden files (a name
starting with ``.``) are not served.
"""
from __future__ import annotations

from pathlib import Path

from starlette.responses import PlainTextResponse
from starlette.staticfiles import StaticFiles

__all__ = ["SITE_CSP", "site_app"]

#: The policy sent with every file of the site (the pages also carry it in a ``<meta>``).
SITE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'none'; font-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'none'")


def site_app(folder: str | Path, max_url: int):
    """An ASGI app serving the site in ``folder``.

    Parameters
    ----------
    folder : str or Path
        A folder written by ``kg site`` (its ``index.html`` answers ``/``).
    max_url : int
        Longest request path and query, in bytes; longer is answered 414.

    Returns
    -------
    ASGI application

    Raises
    ------
    FileNotFoundError
        If ``folder`` is not a folder holding ``index.html``.
    """
    root = Path(folder)
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"{root}: no index.html (write the site with 'kg site --out {root}' first)")
    files = StaticFiles(directory=str(root), html=True, follow_symlink=False)
    extra = [(b"content-security-policy", SITE_CSP.encode()), (b"x-content-type-options", b"nosniff"),
             (b"referrer-policy", b"no-referrer")]

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return await files(scope, receive, send)
        path = scope.get("path", "")
        if len(scope.get("raw_path", b"")) + len(scope.get("query_string", b"")) > max_url:
            return await PlainTextResponse("request URL too long\n", status_code=414)(scope, receive, send)
        if scope["method"] not in ("GET", "HEAD"):
            return await PlainTextResponse("the site is read-only: GET or HEAD\n", status_code=405,
                                           headers={"Allow": "GET, HEAD"})(scope, receive, send)
        if any(part.startswith(".") for part in path.split("/") if part):
            return await PlainTextResponse("not found\n", status_code=404)(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        return await files(scope, receive, send_with_headers)

    return app

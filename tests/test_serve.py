"""kg serve: the read-only SPARQL 1.1 Protocol endpoint, run as a subprocess on a free local port."""
from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import run_kg
from kg.store.query import load_query, run_query
from kg.store.serve import negotiate
from kg.store.sparql import QueryRefused, check_query
from kg.store.oxigraph import memory_store, query_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
UPDATE = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> <http://e/c> } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``kg serve ARGS --port N`` as a subprocess; ``request`` talks to it."""

    def __init__(self, *args: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", *args, "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kg serve exited {self.proc.returncode}: {self.proc.stderr.read()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("kg serve did not start listening within 30 s")
                time.sleep(0.1)

    def request(self, method="GET", params=None, body=None, headers=None):
        """(status, content type, body text) of one request."""
        url = self.url + ("?" + urllib.parse.urlencode(params) if params else "")
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, err.headers.get("Content-Type", ""), err.read().decode("utf-8")

    def post_form(self, fields, accept=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        return self.request("POST", body=urllib.parse.urlencode(fields).encode("utf-8"), headers=headers)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture(scope="module")
def store_dir(built, tmp_path_factory):
    d = tmp_path_factory.mktemp("serve") / "db"
    r = run_kg("load", "--store", str(d), str(built / "graph.trig"))
    assert r.returncode == 0, r.stderr
    return d


@pytest.fixture(scope="module")
def server(store_dir):
    srv = Server("--store", str(store_dir))
    yield srv
    srv.stop()
    assert srv.proc.returncode is not None


def _json_rows(text):
    doc = json.loads(text)
    names = doc["head"]["vars"]
    return names, {tuple(b.get(v, {}).get("value", "") for v in names) for b in doc["results"]["bindings"]}


def test_get_json_matches_local_query(server, built):
    sparql = load_query("cooperation")
    status, ctype, text = server.request(params={"query": sparql})
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    names, rows = _json_rows(text)
    local_vars, local_rows = query_store(memory_store([built / "graph.trig"]), sparql)
    assert names == local_vars and rows == set(local_rows) and rows


def test_post_form_csv_matches_rdflib(server, built):
    import rdflib

    sparql = load_query("posts")
    status, ctype, text = server.post_form({"query": sparql}, accept="text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    table = list(csv.reader(io.StringIO(text)))
    variables, rows = run_query(rdflib.Graph().parse(built / "graph.ttl"), sparql)
    assert table[0] == variables
    assert {tuple(r) for r in table[1:]} == set(rows) and rows


def test_post_sparql_query_body_and_format_param(server):
    body = "PREFIX ukg: <https://w3id.org/union-kg/ontology#> SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u a ukg:Union }"
    status, ctype, text = server.request(
        "POST", body=body.encode("utf-8"), headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    )
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert int(json.loads(text)["results"]["bindings"][0]["n"]["value"]) > 10
    status, ctype, text = server.request(params={"query": body, "format": "tsv"})
    assert status == 200 and ctype.startswith("text/tab-separated-values") and text.splitlines()[0] == "?n"
    status, _, text = server.request(params={"query": "ASK { ?s ?p ?o }"})
    assert status == 200 and json.loads(text)["boolean"] is True
    status, ctype, text = server.request(
        params={"query": "CONSTRUCT WHERE { ?s a <https://w3id.org/union-kg/ontology#Honor> }"}, headers={"Accept": "application/n-triples"}
    )
    assert status == 200 and ctype.startswith("application/n-triples") and "#Honor>" in text


def test_updates_are_rejected_and_change_nothing(server):
    before = server.request(params={"query": COUNT})
    assert before[0] == 200
    attempts = [
        server.post_form({"update": UPDATE}),
        server.post_form({"query": UPDATE}),
        server.request(params={"query": "PREFIX e: <http://e/> # comment\nDELETE WHERE { ?s ?p ?o }"}),
        server.request(params={"query": "DROP ALL"}),
        server.request("POST", body=UPDATE.encode(), headers={"Content-Type": "application/sparql-update"}),
    ]
    for status, _, text in attempts:
        assert status in (400, 403), (status, text)
    assert [a[0] for a in attempts] == [403] * 5
    assert server.request(params={"query": COUNT}) == before
    status, _, text = server.request(params={"query": "ASK { <http://e/a> ?p ?o }"})
    assert json.loads(text)["boolean"] is False


def test_bad_requests(server):
    assert server.request()[0] == 400  # no query
    assert server.request(params={"query": "SELEC * {}"})[0] == 400
    assert server.request(params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"})[0] == 403
    assert server.request(params={"query": "ASK {}"}, headers={"Accept": "image/png"})[0] == 406
    assert server.request("POST", body=b"query=ASK{}", headers={"Content-Type": "text/plain"})[0] == 415
    status, ctype, text = server.request("PUT", body=b"x")
    assert status == 405


def test_serve_graph_file(built):
    srv = Server("--graph", str(built / "graph.trig"))
    try:
        status, _, text = srv.request(params={"query": load_query("joint-activities")}, headers={"Accept": "application/json"})
        assert status == 200 and _json_rows(text)[1]
        assert srv.post_form({"update": UPDATE})[0] == 403
    finally:
        srv.stop()


def test_serve_errors(tmp_path, built):
    r = run_kg("serve", "--store", str(tmp_path / "none"), "--port", str(_free_port()))
    assert r.returncode == 1 and "kg load" in r.stderr
    r = run_kg("serve", "--store", str(tmp_path), "--graph", str(built / "graph.trig"))
    assert r.returncode == 2 and "either --graph or --store" in r.stderr


def test_negotiation_and_update_detection():
    offered = ["application/sparql-results+json", "text/csv"]
    assert negotiate(None, offered) == offered[0]
    assert negotiate("text/csv;q=0.9, application/sparql-results+json;q=0.1", offered) == "text/csv"
    assert negotiate("text/*", offered) == "text/csv"
    assert negotiate("application/json", offered) is None
    assert negotiate("text/csv;q=0", offered) is None
    def refused(q):
        try:
            check_query(q)
        except QueryRefused as err:
            return err.status
        return None

    assert refused("BASE <http://e/> PREFIX : <http://e/#>\n# x\n  load <http://e/x>") == 403
    assert refused('SELECT * { ?s ?p "INSERT" }') is None
    assert refused("PREFIX insert: <http://e/> SELECT * {}") is None
    assert refused("select * { service <http://e/> {} }") == 403
    assert refused("SELECT * { ?service ?p ?o }") is None
    assert refused('SELECT * { ?s ?p "SERVICE <http://e/> {}" }') is None

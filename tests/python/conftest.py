"""Fixtures for the pyodbc/pandas end-to-end tests.

Started by `cargo test -p apiodbc-tests --test python`, which runs a fake
Stripe server and sets APIODBC_CONNSTR, APIODBC_FAKE_URL and APIODBC_FAKE_KEY.
To run by hand: start `fake-stripe` (target/debug/fake-stripe), export those
variables, and run `python3 -m pytest -q tests/python`.
"""

import importlib
import json
import os
import urllib.request

import pytest

pyodbc = pytest.importorskip("pyodbc")


def client(module):
    """Imports a client library: skipped when it is missing, except under CI
    (where `.ci/run` installed it and a missing one must fail)."""
    if os.environ.get("CI", "") not in ("", "0", "false"):
        return importlib.import_module(module)
    return pytest.importorskip(module)


def _require(name):
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set (run through `cargo test -p apiodbc-tests --test python`)")
    return value


@pytest.fixture(scope="session")
def connstr():
    return _require("APIODBC_CONNSTR")


@pytest.fixture(scope="session")
def fake():
    return FakeServer(_require("APIODBC_FAKE_URL"))


@pytest.fixture()
def conn(connstr, fake):
    connection = pyodbc.connect(connstr, autocommit=True)
    fake.reset_log()
    yield connection
    connection.close()


class FakeServer:
    """Talks to the fake server's /_fake/ control endpoints (never counted as requests)."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self._customers = None
        self._charges = None

    def _call(self, method, path):
        request = urllib.request.Request(f"{self.base_url}/_fake/{path}", method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    @property
    def customers(self):
        if self._customers is None:
            self._customers = self._call("GET", "customers")
        return self._customers

    @property
    def charges(self):
        if self._charges is None:
            self._charges = self._call("GET", "charges")
        return self._charges

    def requests(self):
        return self._call("GET", "requests")

    def request_count(self):
        return self._call("GET", "request_count")

    def reset_log(self):
        self._call("POST", "reset_log")

"""arrow-odbc (bulk fetch into Arrow buffers sized from the column
descriptions; every parameter sent as text) against the real driver."""

import datetime
from decimal import Decimal

import pytest

from conftest import client

arrow_odbc = client("arrow_odbc")


def read(connstr, sql, parameters=None):
    reader = arrow_odbc.read_arrow_batches_from_odbc(sql, connstr, parameters=parameters)
    return [row for batch in reader for row in batch.to_pylist()]


def count(connstr, sql, parameter):
    (row,) = read(connstr, sql, [parameter])
    return row["n"]


def test_select_star_with_the_defaults(connstr, fake):
    """With its defaults arrow-odbc binds a buffer per column as large as its
    description: every row and value arrives, JSON whole, in one pass over
    the pages (100 charges each) after the connection's key check."""
    fake.reset_log()
    rows = read(connstr, "SELECT * FROM charges")
    pages = -(-len(fake.charges) // 100)
    assert [r["path"] for r in fake.requests()] == ["/v1/customers"] + ["/v1/charges"] * pages
    assert len(rows) == len(fake.charges)
    by_id = {r["id"]: r for r in rows}
    for charge in fake.charges:
        row = by_id[charge["id"]]
        assert row["amount"] == charge["amount"]
        assert row["currency"] == charge["currency"]
        assert row["created"].timestamp() == charge["created"]
        assert row["payment_method_details"] is not None
        assert len(row["payment_method_details"]) > 100


def test_a_long_aggregate_arrives_whole(connstr, fake):
    (row,) = read(connstr, "SELECT string_agg(id, ',' ORDER BY id) AS ids FROM charges")
    assert row["ids"] == ",".join(sorted(c["id"] for c in fake.charges))


@pytest.mark.parametrize("text", ["40000.5", "4.00005E4", " 40000.5 ", "40000"])
def test_text_parameters_compare_as_numbers_with_integer_and_decimal_columns(connstr, fake, text):
    limit = Decimal(text.strip()) if "E" not in text else Decimal("40000.5")
    expected = sum(1 for c in fake.charges if c["amount"] > limit)
    assert 0 < expected < len(fake.charges)
    integer = "SELECT count(*) AS n FROM charges WHERE amount > ?"
    decimal = "SELECT count(*) AS n FROM charges WHERE CAST(amount AS DECIMAL(12, 2)) > ?"
    floating = "SELECT count(*) AS n FROM charges WHERE CAST(amount AS DOUBLE) > ?"
    assert count(connstr, integer, text) == expected
    assert count(connstr, decimal, text) == expected
    assert count(connstr, floating, text) == expected


def test_text_parameter_compares_with_a_timestamp_column(connstr, fake):
    created = sorted(c["created"] for c in fake.charges)
    middle = created[len(created) // 2]
    text = datetime.datetime.fromtimestamp(middle, tz=datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    expected = sum(1 for c in created if c >= middle)
    sql = "SELECT count(*) AS n FROM charges WHERE created >= ?"
    assert count(connstr, sql, text) == expected

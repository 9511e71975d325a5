"""pyodbc and pandas against the real driver (wide ODBC entry points) and the fake Stripe server."""

import datetime
from decimal import Decimal
import warnings

import pytest

pyodbc = pytest.importorskip("pyodbc")
pd = pytest.importorskip("pandas")


def utc(ts):
    return datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc).replace(tzinfo=None)


def test_customers_id_email(conn, fake):
    rows = conn.cursor().execute("SELECT id, email FROM customers").fetchall()
    got = sorted((r.id, r.email) for r in rows)
    expected = sorted((c["id"], c["email"]) for c in fake.customers)
    assert got == expected
    assert fake.request_count() == 1


def test_unicode_names(conn, fake):
    rows = conn.cursor().execute("SELECT id, name FROM customers").fetchall()
    expected = {c["id"]: c["name"] for c in fake.customers}
    assert {r.id: r.name for r in rows} == expected
    assert any(name and not name.isascii() for name in expected.values())


def test_read_sql_charges(conn, fake):
    with warnings.catch_warnings():
        # pandas warns that only SQLAlchemy connections are tested; a DBAPI2 one works.
        warnings.simplefilter("ignore", UserWarning)
        df = pd.read_sql("SELECT id, amount, created FROM charges", conn)
    assert list(df.columns) == ["id", "amount", "created"]
    assert len(df) == len(fake.charges) == 250
    assert str(df.dtypes["amount"]) == "int64"
    assert pd.api.types.is_datetime64_any_dtype(df["created"])
    assert pd.api.types.is_string_dtype(df["id"]) or df.dtypes["id"] == object
    expected = {c["id"]: (c["amount"], utc(c["created"])) for c in fake.charges}
    got = {
        row.id: (int(row.amount), row.created.to_pydatetime().replace(tzinfo=None))
        for row in df.itertuples()
    }
    assert got == expected


def test_columns_of_charges(conn):
    columns = {c.column_name: c for c in conn.cursor().columns(table="charges")}
    for name in ["id", "amount", "amount_captured", "created", "currency", "customer", "paid", "status", "metadata"]:
        assert name in columns, f"missing {name}: {sorted(columns)}"
    assert columns["amount_captured"].data_type == pyodbc.SQL_BIGINT
    assert columns["created"].data_type == pyodbc.SQL_TYPE_TIMESTAMP
    assert columns["paid"].data_type == pyodbc.SQL_BIT
    assert columns["id"].table_cat == "stripe"
    assert columns["id"].table_schem == "stripe"


def test_tables(conn):
    tables = {t.table_name: t for t in conn.cursor().tables()}
    assert "customers" in tables and "charges" in tables
    assert tables["charges"].table_cat == "stripe"
    assert tables["charges"].table_schem == "stripe"


def test_cursor_description_types(conn, fake):
    cursor = conn.cursor().execute("SELECT id, amount, created, paid, metadata FROM charges LIMIT 3")
    types = [d[1] for d in cursor.description]
    assert types == [str, int, datetime.datetime, bool, str]
    rows = cursor.fetchall()
    assert len(rows) == 3
    assert [r.id for r in rows] == [c["id"] for c in fake.charges[:3]]
    assert all(r.paid is c["paid"] for r, c in zip(rows, fake.charges[:3]))


def test_parameter_by_id_is_one_request(conn, fake):
    charge = fake.charges[42]
    rows = conn.cursor().execute("SELECT id, amount FROM charges WHERE id = ?", charge["id"]).fetchall()
    assert [(r.id, r.amount) for r in rows] == [(charge["id"], charge["amount"])]
    requests = fake.requests()
    assert [(r["method"], r["path"]) for r in requests] == [("GET", f"/v1/charges/{charge['id']}")]


def test_unknown_table(conn, fake):
    with pytest.raises(pyodbc.Error) as info:
        conn.cursor().execute("SELECT * FROM chargez")
    assert info.value.args[0] == "42S02"
    assert "charges" in str(info.value)
    assert fake.request_count() == 0


@pytest.mark.parametrize(
    "bound",
    [Decimal("40000.5"), 40000.5, "40000.5", Decimal("40000"), 40000],
    ids=["Decimal", "float", "str", "whole Decimal", "int"],
)
def test_numeric_parameters_compare_as_numbers(conn, fake, bound):
    """pyodbc binds a Decimal as NUMERIC text: it is compared as the number
    it is with the integer column (it once failed with 22018)."""
    limit = Decimal(str(bound))
    expected = sum(1 for c in fake.charges if c["amount"] > limit)
    assert 0 < expected < len(fake.charges)
    (count,) = conn.cursor().execute("SELECT count(*) FROM charges WHERE amount > ?", bound).fetchone()
    assert count == expected
    decimal = "SELECT count(*) FROM charges WHERE CAST(amount AS DECIMAL(12, 2)) > ?"
    (count,) = conn.cursor().execute(decimal, bound).fetchone()
    assert count == expected


@pytest.mark.parametrize("as_text", [True, False], ids=["str", "datetime"])
def test_parameters_compare_with_a_timestamp_column(conn, fake, as_text):
    created = sorted(c["created"] for c in fake.charges)
    middle = created[len(created) // 2]
    bound = utc(middle).strftime("%Y-%m-%d %H:%M:%S") if as_text else utc(middle)
    (count,) = conn.cursor().execute("SELECT count(*) FROM charges WHERE created >= ?", bound).fetchone()
    assert count == sum(1 for c in created if c >= middle)

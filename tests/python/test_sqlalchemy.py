"""SQLAlchemy Core over pyodbc: typed bound parameters (Numeric, Float,
String, DateTime) compared with integer, decimal and timestamp columns."""

import datetime
from decimal import Decimal

import pytest

from conftest import client, pyodbc

sqlalchemy = client("sqlalchemy")

from sqlalchemy import DateTime, Float, Numeric, String, bindparam, text  # noqa: E402
from sqlalchemy.connectors.pyodbc import PyODBCConnector  # noqa: E402
from sqlalchemy.dialects import registry  # noqa: E402
from sqlalchemy.engine.default import DefaultDialect  # noqa: E402


class ApiodbcDialect(PyODBCConnector, DefaultDialect):
    """The smallest dialect over pyodbc: SQLAlchemy has none for a generic
    ODBC source, and Core with `text()` needs no more."""

    name = "apiodbc"
    supports_statement_cache = True
    supports_native_decimal = True


registry.register("apiodbc.pyodbc", __name__, "ApiodbcDialect")


@pytest.fixture()
def engine(connstr):
    engine = sqlalchemy.create_engine(
        "apiodbc+pyodbc://", creator=lambda: pyodbc.connect(connstr, autocommit=True)
    )
    yield engine
    engine.dispose()


def count(engine, sql, value, type_):
    statement = text(sql).bindparams(bindparam("v", type_=type_))
    with engine.connect() as connection:
        return connection.execute(statement, {"v": value}).scalar_one()


INTEGER = "SELECT count(*) FROM charges WHERE amount > :v"
DECIMAL = "SELECT count(*) FROM charges WHERE CAST(amount AS DECIMAL(12, 2)) > :v"


@pytest.mark.parametrize(
    "value, type_",
    [
        (Decimal("40000.5"), Numeric(10, 1)),
        (Decimal("40000"), Numeric(10, 0)),
        (40000.5, Float()),
        ("40000.5", String()),
    ],
    ids=["Numeric", "whole Numeric", "Float", "String"],
)
def test_parameters_compare_as_numbers(engine, fake, value, type_):
    limit = Decimal(str(value))
    expected = sum(1 for c in fake.charges if c["amount"] > limit)
    assert 0 < expected < len(fake.charges)
    assert count(engine, INTEGER, value, type_) == expected
    assert count(engine, DECIMAL, value, type_) == expected


@pytest.mark.parametrize("type_", [String(), DateTime()], ids=["String", "DateTime"])
def test_parameters_compare_with_a_timestamp_column(engine, fake, type_):
    created = sorted(c["created"] for c in fake.charges)
    middle = created[len(created) // 2]
    moment = datetime.datetime.fromtimestamp(middle, tz=datetime.timezone.utc).replace(tzinfo=None)
    value = moment.strftime("%Y-%m-%d %H:%M:%S") if isinstance(type_, String) else moment
    expected = sum(1 for c in created if c >= middle)
    assert count(engine, "SELECT count(*) FROM charges WHERE created >= :v", value, type_) == expected

"""Drives libapiodbc through iODBC's wide (W) API with 4-byte SQLWCHAR, as a
Unicode application on macOS or Linux does, and prints what it saw as JSON
for tests/tests/iodbc.rs to check against the fake server's data.

Usage: wide_calls.py CONNECTION_STRING SQL...

A statement "SQL<TAB>VALUE" is prepared and run with VALUE bound to its one
parameter as SQL_C_WCHAR text (NUL-terminated).

Only the standard library: ctypes.c_wchar is wchar_t, iODBC's SQLWCHAR.
pyodbc is not imported on purpose: it would load unixODBC into the process.
"""

import ctypes
import json
import os
import sys

SQL_HANDLE_ENV, SQL_HANDLE_DBC, SQL_HANDLE_STMT = 1, 2, 3
SQL_NTS = -3
SQL_NO_DATA = 100
SQL_C_WCHAR = -8
SQL_DRIVER_NAME = 6
SQL_DRIVER_NOPROMPT = 0
# Small on purpose: text comes back in several SQLGetData pieces. Numbers,
# which may not be cut, get room for any.
TEXT_PIECE_CHARS = 4
NUMBER_CHARS = 64
TEXT_TYPES = (1, 12, -1, -8, -9, -10)

lib = ctypes.CDLL(os.environ.get("IODBC_LIBRARY", "libiodbc.so.2"))
H = ctypes.c_void_p
S = ctypes.c_short
P = ctypes.POINTER
lib.SQLAllocHandle.argtypes = [S, H, P(H)]
lib.SQLSetEnvAttr.argtypes = [H, ctypes.c_int, H, ctypes.c_int]
lib.SQLDriverConnectW.argtypes = [H, H, ctypes.c_wchar_p, S, ctypes.c_wchar_p, S, P(S), ctypes.c_ushort]
lib.SQLGetDiagRecW.argtypes = [S, H, S, ctypes.c_wchar_p, P(ctypes.c_int), ctypes.c_wchar_p, S, P(S)]
lib.SQLGetInfoW.argtypes = [H, ctypes.c_ushort, H, S, P(S)]
lib.SQLExecDirectW.argtypes = [H, ctypes.c_wchar_p, ctypes.c_int]
lib.SQLPrepareW.argtypes = [H, ctypes.c_wchar_p, ctypes.c_int]
lib.SQLExecute.argtypes = [H]
lib.SQLBindParameter.argtypes = [H, ctypes.c_ushort, S, S, S, ctypes.c_size_t, S, H, ctypes.c_ssize_t,
                                 P(ctypes.c_ssize_t)]
lib.SQLNumResultCols.argtypes = [H, P(S)]
lib.SQLDescribeColW.argtypes = [H, ctypes.c_ushort, ctypes.c_wchar_p, S, P(S), P(S), P(ctypes.c_size_t), P(S), P(S)]
lib.SQLFetch.argtypes = [H]
lib.SQLGetData.argtypes = [H, ctypes.c_ushort, S, H, ctypes.c_ssize_t, P(ctypes.c_ssize_t)]
lib.SQLFreeHandle.argtypes = [S, H]
lib.SQLDisconnect.argtypes = [H]
for function in (lib.SQLAllocHandle, lib.SQLSetEnvAttr, lib.SQLDriverConnectW, lib.SQLGetDiagRecW,
                 lib.SQLGetInfoW, lib.SQLExecDirectW, lib.SQLPrepareW, lib.SQLExecute,
                 lib.SQLBindParameter, lib.SQLNumResultCols, lib.SQLDescribeColW,
                 lib.SQLFetch, lib.SQLGetData, lib.SQLFreeHandle, lib.SQLDisconnect):
    function.restype = S


def diagnostic(kind, handle):
    state = ctypes.create_unicode_buffer(6)
    message = ctypes.create_unicode_buffer(1024)
    native, length = ctypes.c_int(), S()
    rc = lib.SQLGetDiagRecW(kind, handle, 1, state, ctypes.byref(native), message, 1024, ctypes.byref(length))
    if rc not in (0, 1):
        return None
    return {"state": state.value, "message": message.value, "length": length.value}


def read_value(stmt, column, chars):
    """One value through SQLGetData(SQL_C_WCHAR) in pieces of `chars`;
    returns the text (None for NULL) and each piece's indicator (bytes left)."""
    text, indicators = "", []
    buf = ctypes.create_unicode_buffer(chars)
    while True:
        ind = ctypes.c_ssize_t()
        rc = lib.SQLGetData(stmt, column, SQL_C_WCHAR, ctypes.cast(buf, H), ctypes.sizeof(buf), ctypes.byref(ind))
        if rc == SQL_NO_DATA:
            return text, indicators
        if rc not in (0, 1):
            raise RuntimeError(f"SQLGetData: {rc} {diagnostic(SQL_HANDLE_STMT, stmt)}")
        if ind.value == -1:
            return None, indicators
        indicators.append(ind.value)
        text += buf.value
        if rc == 0:
            return text, indicators


def run(dbc, sql):
    stmt = H()
    lib.SQLAllocHandle(SQL_HANDLE_STMT, dbc, ctypes.byref(stmt))
    sql, tab, parameter = sql.partition("\t")
    result = {"sql": sql}
    if tab:
        value = ctypes.create_unicode_buffer(parameter)
        nts = ctypes.c_ssize_t(SQL_NTS)
        lib.SQLPrepareW(stmt, sql, SQL_NTS)
        lib.SQLBindParameter(stmt, 1, 1, SQL_C_WCHAR, -9, len(parameter), 0, ctypes.cast(value, H),
                             ctypes.sizeof(value), ctypes.byref(nts))
        result["rc"] = lib.SQLExecute(stmt)
    else:
        result["rc"] = lib.SQLExecDirectW(stmt, sql, SQL_NTS)
    if result["rc"] not in (0, 1):
        result["diagnostic"] = diagnostic(SQL_HANDLE_STMT, stmt)
        lib.SQLFreeHandle(SQL_HANDLE_STMT, stmt)
        return result
    count = S()
    lib.SQLNumResultCols(stmt, ctypes.byref(count))
    columns = []
    for n in range(1, count.value + 1):
        name = ctypes.create_unicode_buffer(64)
        length, kind, digits, nullable = S(), S(), S(), S()
        size = ctypes.c_size_t()
        lib.SQLDescribeColW(stmt, n, name, 64, ctypes.byref(length), ctypes.byref(kind),
                            ctypes.byref(size), ctypes.byref(digits), ctypes.byref(nullable))
        # The same name into a 5-character buffer: 4 characters, NUL, full length.
        short = ctypes.create_unicode_buffer(5)
        short_length = S()
        short_rc = lib.SQLDescribeColW(stmt, n, short, 5, ctypes.byref(short_length), None, None, None, None)
        columns.append({"name": name.value, "length": length.value, "type": kind.value,
                        "short": short.value, "short_length": short_length.value,
                        "short_rc": short_rc})
    pieces = [TEXT_PIECE_CHARS if c["type"] in TEXT_TYPES else NUMBER_CHARS for c in columns]
    rows, indicators = [], []
    while lib.SQLFetch(stmt) in (0, 1):
        values = [read_value(stmt, n, chars) for n, chars in enumerate(pieces, 1)]
        rows.append([v for v, _ in values])
        indicators.append([i for _, i in values])
    result.update(columns=columns, rows=rows, indicators=indicators)
    lib.SQLFreeHandle(SQL_HANDLE_STMT, stmt)
    return result


def main():
    connection_string, statements = sys.argv[1], sys.argv[2:]
    env, dbc = H(), H()
    lib.SQLAllocHandle(SQL_HANDLE_ENV, None, ctypes.byref(env))
    lib.SQLSetEnvAttr(env, 200, H(3), 0)
    lib.SQLAllocHandle(SQL_HANDLE_DBC, env, ctypes.byref(dbc))
    out = ctypes.create_unicode_buffer(2048)
    out_length = S()
    rc = lib.SQLDriverConnectW(dbc, None, connection_string, SQL_NTS, out, 2048,
                               ctypes.byref(out_length), SQL_DRIVER_NOPROMPT)
    report = {"wchar_bytes": ctypes.sizeof(ctypes.c_wchar), "connect_rc": rc}
    if rc not in (0, 1):
        report["diagnostic"] = diagnostic(SQL_HANDLE_DBC, dbc)
    else:
        report["completed"] = out.value
        report["completed_length"] = out_length.value
        info = ctypes.create_unicode_buffer(64)
        info_length = S()
        lib.SQLGetInfoW(dbc, SQL_DRIVER_NAME, ctypes.cast(info, H), ctypes.sizeof(info), ctypes.byref(info_length))
        report["driver_name"] = info.value
        report["driver_name_bytes"] = info_length.value
        report["statements"] = [run(dbc, sql) for sql in statements]
        lib.SQLDisconnect(dbc)
    lib.SQLFreeHandle(SQL_HANDLE_DBC, dbc)
    lib.SQLFreeHandle(SQL_HANDLE_ENV, env)
    print(json.dumps(report, ensure_ascii=False))


main()

/*
 * The Windows smoke program: drives apiodbc.dll the way a Windows client
 * would, with the Unicode (W) functions, loaded with LoadLibrary rather than
 * through a driver manager (Wine's odbc32 forwards to the host's unixODBC).
 * tests/tests/windows.rs compiles it with mingw, runs it under Wine and
 * checks what it prints against the fake servers' data.
 *
 * Commands, one per line on standard input (UTF-8); one result per line out:
 *   load <dll>               LoadLibrary the driver
 *   connect <string>         SQLDriverConnectW   -> "connected"
 *   query <sql>              SQLExecDirectW + SQLFetch + SQLGetData(SQL_C_WCHAR)
 *                            -> "row\t<v1>\t<v2>..." per row, then "rows <n>"
 *   disconnect               SQLDisconnect and free the handles
 *   unload                   FreeLibrary the driver
 *   configdsn <request> <driver>;<key=value>;...   SQLConfigDataSourceW
 *   configdriver <request> <driver>                the driver's ConfigDriverW
 *   cred <target>            whether Credential Manager holds a generic credential
 *   env <name>               an environment variable
 * A failed call prints "error <function> <SQLSTATE> <message>".
 */
#include <windows.h>
#include <odbcinst.h>
#include <sql.h>
#include <sqlext.h>
#include <stdio.h>
#include <string.h>
#include <wincred.h>

static HMODULE driver;
static SQLHENV env;
static SQLHDBC dbc;

static void out(const char *utf8) {
    DWORD written;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), utf8, (DWORD)strlen(utf8), &written, NULL);
}

static void out_wide(const WCHAR *text, int len) {
    static char buf[65536];
    int n = WideCharToMultiByte(CP_UTF8, 0, text, len, buf, sizeof buf - 1, NULL, NULL);
    buf[n] = 0;
    out(buf);
}

static WCHAR *wide(const char *utf8) {
    static WCHAR buf[8192];
    MultiByteToWideChar(CP_UTF8, 0, utf8, -1, buf, 8192);
    return buf;
}

static FARPROC fn(const char *name) {
    FARPROC f = driver ? GetProcAddress(driver, name) : NULL;
    if (!f) {
        fprintf(stderr, "apiodbc.dll does not export %s\n", name);
        ExitProcess(2);
    }
    return f;
}

#define CALL(name, type, ...) ((type)fn(#name))(__VA_ARGS__)
typedef SQLRETURN(SQL_API *AllocHandle)(SQLSMALLINT, SQLHANDLE, SQLHANDLE *);
typedef SQLRETURN(SQL_API *FreeHandle)(SQLSMALLINT, SQLHANDLE);
typedef SQLRETURN(SQL_API *SetEnvAttr)(SQLHENV, SQLINTEGER, SQLPOINTER, SQLINTEGER);
typedef SQLRETURN(SQL_API *DriverConnectW)(SQLHDBC, SQLHWND, SQLWCHAR *, SQLSMALLINT, SQLWCHAR *,
                                           SQLSMALLINT, SQLSMALLINT *, SQLUSMALLINT);
typedef SQLRETURN(SQL_API *ExecDirectW)(SQLHSTMT, SQLWCHAR *, SQLINTEGER);
typedef SQLRETURN(SQL_API *NumResultCols)(SQLHSTMT, SQLSMALLINT *);
typedef SQLRETURN(SQL_API *Fetch)(SQLHSTMT);
typedef SQLRETURN(SQL_API *GetData)(SQLHSTMT, SQLUSMALLINT, SQLSMALLINT, SQLPOINTER, SQLLEN, SQLLEN *);
typedef SQLRETURN(SQL_API *GetDiagRecW)(SQLSMALLINT, SQLHANDLE, SQLSMALLINT, SQLWCHAR *, SQLINTEGER *,
                                        SQLWCHAR *, SQLSMALLINT, SQLSMALLINT *);
typedef SQLRETURN(SQL_API *Disconnect)(SQLHDBC);

/* Prints the first diagnostic record of a failed call. */
static void error(const char *function, SQLSMALLINT type, SQLHANDLE handle) {
    SQLWCHAR state[6] = {0}, message[1024] = {0};
    SQLINTEGER native;
    SQLSMALLINT len;
    char line[64];
    CALL(SQLGetDiagRecW, GetDiagRecW, type, handle, 1, state, &native, message, 1024, &len);
    snprintf(line, sizeof line, "error %s ", function);
    out(line);
    out_wide(state, -1);
    out(" ");
    out_wide(message, -1);
    out("\n");
}

static void driver_connect(const char *string) {
    CALL(SQLAllocHandle, AllocHandle, SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
    CALL(SQLSetEnvAttr, SetEnvAttr, env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    CALL(SQLAllocHandle, AllocHandle, SQL_HANDLE_DBC, env, &dbc);
    WCHAR completed[2048];
    SQLSMALLINT len;
    SQLRETURN rc = CALL(SQLDriverConnectW, DriverConnectW, dbc, NULL, wide(string), SQL_NTS, completed,
                        2048, &len, SQL_DRIVER_NOPROMPT);
    if (SQL_SUCCEEDED(rc))
        out("connected\n");
    else
        error("SQLDriverConnectW", SQL_HANDLE_DBC, dbc);
}

static void disconnect(void) {
    CALL(SQLDisconnect, Disconnect, dbc);
    CALL(SQLFreeHandle, FreeHandle, SQL_HANDLE_DBC, dbc);
    CALL(SQLFreeHandle, FreeHandle, SQL_HANDLE_ENV, env);
    out("disconnected\n");
}

/* Reads one value in parts of 255 characters, so long values exercise
 * 01004; the parts are UTF-16 code units, joined before converting. */
static void value(SQLHSTMT stmt, SQLUSMALLINT column) {
    static WCHAR whole[16384];
    WCHAR part[256];
    SQLLEN indicator;
    int len = 0;
    for (;;) {
        SQLRETURN rc = CALL(SQLGetData, GetData, stmt, column, SQL_C_WCHAR, part, sizeof part, &indicator);
        if (rc == SQL_NO_DATA) break;
        if (!SQL_SUCCEEDED(rc)) {
            error("SQLGetData", SQL_HANDLE_STMT, stmt);
            return;
        }
        if (indicator == SQL_NULL_DATA) {
            out("\\N");
            return;
        }
        /* A truncated part (01004) fills the buffer but for its NUL. */
        int truncated = rc == SQL_SUCCESS_WITH_INFO;
        int n = truncated ? (int)wcslen(part) : (int)(indicator / sizeof(WCHAR));
        memcpy(whole + len, part, n * sizeof(WCHAR));
        len += n;
        if (!truncated) break;
    }
    out_wide(whole, len);
}

static void query(const char *sql) {
    SQLHSTMT stmt;
    SQLSMALLINT columns;
    long rows = 0;
    char line[32];
    CALL(SQLAllocHandle, AllocHandle, SQL_HANDLE_STMT, dbc, &stmt);
    if (!SQL_SUCCEEDED(CALL(SQLExecDirectW, ExecDirectW, stmt, wide(sql), SQL_NTS))) {
        error("SQLExecDirectW", SQL_HANDLE_STMT, stmt);
    } else {
        CALL(SQLNumResultCols, NumResultCols, stmt, &columns);
        SQLRETURN rc;
        while (SQL_SUCCEEDED(rc = CALL(SQLFetch, Fetch, stmt))) {
            out("row");
            for (SQLUSMALLINT c = 1; c <= columns; c++) {
                out("\t");
                value(stmt, c);
            }
            out("\n");
            rows++;
        }
        if (rc != SQL_NO_DATA)
            error("SQLFetch", SQL_HANDLE_STMT, stmt);
        snprintf(line, sizeof line, "rows %ld\n", rows);
        out(line);
    }
    CALL(SQLFreeHandle, FreeHandle, SQL_HANDLE_STMT, stmt);
}

/* Prints the installer's error queue after a FALSE. */
static void installer_errors(void) {
    for (WORD i = 1; i <= 8; i++) {
        DWORD code;
        WCHAR message[1024];
        WORD len;
        if (SQLInstallerErrorW(i, &code, message, 1024, &len) != SQL_SUCCESS) return;
        char line[32];
        snprintf(line, sizeof line, "installer-error %lu ", code);
        out(line);
        out_wide(message, -1);
        out("\n");
    }
}

/* "<request> <driver>;<key=value>;..." -> SQLConfigDataSourceW. */
static void configdsn(char *args) {
    int request = atoi(args);
    char *driver = strchr(args, ' ') + 1;
    static WCHAR attributes[4096];
    WCHAR name[256];
    char *rest = strchr(driver, ';');
    if (rest) *rest++ = 0;
    MultiByteToWideChar(CP_UTF8, 0, driver, -1, name, 256);
    int n = MultiByteToWideChar(CP_UTF8, 0, rest ? rest : "", -1, attributes, 4094);
    for (int i = 0; i < n; i++)
        if (attributes[i] == L';') attributes[i] = 0;
    attributes[n] = 0;
    BOOL ok = SQLConfigDataSourceW(NULL, (WORD)request, name, attributes);
    out(ok ? "configdsn 1\n" : "configdsn 0\n");
    if (!ok) installer_errors();
}

/* The loaded driver's own ConfigDriverW (Wine's SQLConfigDriverW does not
 * call setup libraries for ODBC_CONFIG_DRIVER). */
typedef BOOL(WINAPI *ConfigDriverFn)(HWND, WORD, LPCWSTR, LPCWSTR, LPWSTR, WORD, WORD *);
static void configdriver(char *args) {
    int request = atoi(args);
    WCHAR message[1024] = {0};
    WORD len = 0;
    BOOL ok = CALL(ConfigDriverW, ConfigDriverFn, NULL, (WORD)request, wide(strchr(args, ' ') + 1), NULL,
                   message, 1024, &len);
    out(ok ? "configdriver 1 " : "configdriver 0 ");
    out_wide(message, -1);
    out("\n");
    if (!ok) installer_errors();
}

static void cred(const char *target) {
    PCREDENTIALW credential;
    char line[64];
    if (CredReadW(wide(target), CRED_TYPE_GENERIC, 0, &credential)) {
        snprintf(line, sizeof line, "cred found %lu\n", credential->CredentialBlobSize);
        CredFree(credential);
    } else {
        snprintf(line, sizeof line, "cred missing %lu\n", GetLastError());
    }
    out(line);
}

int main(void) {
    static char input[65536];
    DWORD got, total = 0;
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), input + total, sizeof input - 1 - total, &got, NULL) &&
           got > 0)
        total += got;
    input[total] = 0;
    for (char *line = strtok(input, "\r\n"); line; line = strtok(NULL, "\r\n")) {
        char *arg = strchr(line, ' ');
        if (arg) *arg++ = 0;
        if (!strcmp(line, "load")) {
            driver = LoadLibraryW(wide(arg));
            out(driver ? "loaded\n" : "error LoadLibraryW\n");
        } else if (!strcmp(line, "connect")) driver_connect(arg);
        else if (!strcmp(line, "query")) query(arg);
        else if (!strcmp(line, "disconnect")) disconnect();
        else if (!strcmp(line, "unload")) {
            out(FreeLibrary(driver) ? "unloaded\n" : "error FreeLibrary\n");
            driver = NULL;
        } else if (!strcmp(line, "configdsn")) configdsn(arg);
        else if (!strcmp(line, "configdriver")) configdriver(arg);
        else if (!strcmp(line, "cred")) cred(arg);
        else if (!strcmp(line, "env")) {
            out(getenv(arg) ? getenv(arg) : "");
            out("\n");
        } else {
            fprintf(stderr, "unknown command %s\n", line);
            return 2;
        }
    }
    return 0;
}

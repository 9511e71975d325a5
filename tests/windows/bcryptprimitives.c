/*
 * Stand-in for bcryptprimitives.dll, which Wine 8 lacks: Rust programs for
 * Windows import ProcessPrng from it. Placed beside the smoke program under
 * Wine only; real Windows (8 and later) has the DLL. Answers from
 * RtlGenRandom (SystemFunction036), the generator Rust used before.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return RtlGenRandom(data, (ULONG)len);
}

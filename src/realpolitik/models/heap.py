"""Keeping large temporaries on the heap, so that a kernel's rounds do not fault their pages in afresh.

glibc's malloc serves blocks of more than 32 MiB (the most its mmap threshold can be
raised to) from fresh mappings and returns them to the system when they are freed; a
turn of the spatial model allocates and frees several arrays of that size, and faulting
their pages in again costs more than the arithmetic on them (about 60% of a 200-actor
turn, in the kernel). :func:`reuse_heap` tells malloc, once per process, to serve every
block from the heap and to keep freed memory for reuse (``mallopt``: no mappings, trim
threshold 1 GiB). The peak memory is unchanged; the process keeps it until it exits.
Elsewhere than on glibc this does nothing.
"""

from __future__ import annotations

import sys

M_TRIM_THRESHOLD, M_MMAP_MAX = -1, -4
TRIM_THRESHOLD = 1 << 30
_done = False


def reuse_heap() -> None:
    """Ask glibc's malloc to keep large blocks on the heap and reuse them (once per process)."""
    global _done
    if _done:
        return
    _done = True
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_MAX, 0)
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    except (OSError, AttributeError):  # not glibc
        pass

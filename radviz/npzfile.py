"""Reading ``.npz`` files (bodies, cached atlases) within a size limit, before anything inflates.

``np.load`` trusts the archive: a 4.7 MB file can declare arrays that inflate to gigabytes.  Here
every member's declared size and its array header (shape and dtype) are checked against the limit
first; then each array is read into a buffer of exactly that size.  No pickles, no object arrays.
"""
from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

import numpy as np

from radviz.errors import InputError
from radviz.files import open_regular

__all__ = ["read_npz"]

_KINDS = "biufU"  # booleans, integers, floats, text; never objects
_MAX_MEMBERS = 64


def read_npz(path: str | Path, max_bytes: int, what: str = "file") -> dict[str, np.ndarray]:
    """All arrays of an ``.npz`` file whose arrays hold at most ``max_bytes`` bytes in total.

    Raises :class:`InputError` naming the file (and the array) for anything else: not a regular
    file, not a zip of ``.npy`` arrays, too large once inflated, object arrays, truncated data.
    """
    path = Path(path)
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        if os.fstat(fd).st_size > max_bytes:
            raise InputError(path, "", f"{os.fstat(fd).st_size:,} bytes is more than a radviz {what} "
                                       f"may be ({max_bytes:,})")
        try:
            with zipfile.ZipFile(fh) as archive:
                return _read_members(path, archive, max_bytes, what)
        except InputError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError) as exc:  # a damaged archive fails in many ways
            raise InputError(path, "", f"not a readable radviz {what} ({type(exc).__name__}: "
                                       f"{str(exc)[:80]})") from None


def _read_members(path: Path, archive: zipfile.ZipFile, max_bytes: int, what: str) -> dict[str, np.ndarray]:
    infos = archive.infolist()
    if len(infos) > _MAX_MEMBERS:
        raise InputError(path, "", f"{len(infos)} arrays; a radviz {what} has at most {_MAX_MEMBERS}")
    declared = sum(i.file_size for i in infos)
    if declared > max_bytes:
        raise InputError(path, "", f"inflates to {declared:,} bytes, more than a radviz {what} may "
                                   f"hold ({max_bytes:,})")
    out = {}
    for info in infos:
        name = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
        with archive.open(info) as member:
            out[name] = _read_array(path, name, member, info.file_size)
    return out


def _read_array(path: Path, name: str, member, declared: int) -> np.ndarray:
    fmt = np.lib.format
    try:
        version = fmt.read_magic(member)
        if version == (1, 0):
            shape, fortran, dtype = fmt.read_array_header_1_0(member)
        elif version == (2, 0):
            shape, fortran, dtype = fmt.read_array_header_2_0(member)
        else:
            raise ValueError(f"unsupported .npy version {version}")
    except ValueError as exc:
        raise InputError(path, name, f"not a numpy array ({str(exc)[:80]})") from None
    if dtype.hasobject or dtype.kind not in _KINDS or dtype.fields is not None:
        raise InputError(path, name, f"arrays of {dtype} are not read (numbers and text only)")
    count = int(np.prod(shape, dtype=object))
    nbytes = count * dtype.itemsize
    if nbytes > declared:
        raise InputError(path, name, f"declares {nbytes:,} bytes of data but holds {declared:,}")
    buffer = bytearray(nbytes)
    if member.readinto(buffer) != nbytes:
        raise InputError(path, name, "the array is truncated")
    return np.frombuffer(buffer, dtype=dtype, count=count).reshape(shape, order="F" if fortran else "C")

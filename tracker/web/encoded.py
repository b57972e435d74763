"""Answers encoded once: JSON bytes with their gzip, assembled from pieces compressed ahead of time.

A gzip member is a header, one raw deflate stream and a trailer (the CRC-32 and length of the plain
bytes). A piece compressed alone and ended with a full flush refers to nothing before it, so such pieces
can be laid end to end in one stream: the states' geometry is compressed once at start, and an answer
about a new (person, day) compresses only its few kilobytes of duties.
"""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from dataclasses import dataclass

LEVEL = 1  # for what is compressed per answer: a third of the size at a tenth of level 6's time
AHEAD_LEVEL = 9  # for what is compressed once, at start
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, unknown OS
LAST_BLOCK = zlib.compressobj(LEVEL, zlib.DEFLATED, -15).flush()  # an empty final block


def as_json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _deflater(level: int = LEVEL):
    return zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate: no zlib header or trailer


@dataclass(frozen=True)
class Piece:
    """Bytes compressed ahead of time, ready to lay into any answer."""

    plain: bytes
    deflated: bytes

    @classmethod
    def of(cls, plain: bytes) -> Piece:
        deflater = _deflater(AHEAD_LEVEL)
        return cls(plain, deflater.compress(plain) + deflater.flush(zlib.Z_FULL_FLUSH))


@dataclass(frozen=True)
class Body:
    """A JSON answer encoded once, with its gzipped form for clients that accept it."""

    plain: bytes
    gzipped: bytes

    @classmethod
    def of(cls, plain: bytes) -> Body:
        return cls(plain, gzip.compress(plain, LEVEL))

    @classmethod
    def joined(cls, pieces: list[Piece | bytes]) -> Body:
        """The pieces in order: a Piece as compressed ahead of time, bytes compressed now."""
        deflater = _deflater()
        plain, deflated = [], []
        for piece in pieces:
            if isinstance(piece, Piece):
                plain.append(piece.plain)
                deflated.append(piece.deflated)
            else:
                plain.append(piece)
                deflated.append(deflater.compress(piece) + deflater.flush(zlib.Z_FULL_FLUSH))
        whole = b"".join(plain)
        trailer = struct.pack("<II", zlib.crc32(whole), len(whole) & 0xFFFFFFFF)
        return cls(whole, GZIP_HEADER + b"".join(deflated) + LAST_BLOCK + trailer)

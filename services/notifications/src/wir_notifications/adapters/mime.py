"""A multipart/alternative e-mail written straight to bytes.

`EmailMessage` with the default policy parses and refolds every header through
`email.headerregistry`, which cost more CPU than anything else about a message, and Python
3.11's folder puts a space that falls at a fold *between* two encoded-words, where RFC 2047
decoders drop it (CPython gh-92081: the Persian share subject read "بهاشتراک"). What we send is
always the same shape (a few fixed headers, a text and an HTML part), so it is written directly:
non-ASCII in a header as RFC 2047 base64 encoded-words cut at character boundaries, every space
inside a word and only the fold between words, both parts base64 (safe for every script, and no
line of it can look like the boundary).
"""

from __future__ import annotations

import base64
import re

#: 39 bytes make 52 of base64, a 64-character encoded-word: with `Subject: ` or `To: ` before
#: it, a line stays within the 78 characters RFC 5322 recommends (RFC 2047 allows 75 a word).
_WORD_BYTES = 39
#: A display name gets up to 42 bytes (a 68-character word after `To: `): most names fit one
#: word, which every decoder reads alike (see `mailbox`).
_NAME_BYTES = 42
#: ASCII a header may carry as it is: printable, and nothing an RFC 2047 decoder would read.
_PLAIN = re.compile(r"[\x20-\x7e]{0,60}")
#: A display name needs quoting when it holds one of RFC 5322's specials.
_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')
#: A dot-atom local part and a domain of non-empty labels; ASCII only (the fast path's domain).
_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
)


def is_plain_address(address: str) -> bool:
    """An ASCII dot-atom address, written as it is (no quoting, no IDN, no SMTPUTF8)."""
    return _ADDRESS.fullmatch(address) is not None


def encoded_words(text: str, *, force: bool = False, size: int = _WORD_BYTES) -> str:
    """`text` as a header value: as it is when short printable ASCII (unless `force`), else
    encoded-words of at most `size` bytes folded one per line.

    The whitespace between two encoded-words is folding, which decoders drop: so every space of
    `text` is encoded inside a word, and a cut goes right after a space where the word has one."""
    if not force and _PLAIN.fullmatch(text) and "=?" not in text:
        return text
    data, words, start = text.encode(), [], 0
    while start < len(data):
        end = min(start + size, len(data))
        # Never cut a character: back off while the next byte continues one (10xxxxxx).
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        if end < len(data) and (space := data.rfind(b" ", start, end)) > start:
            end = space + 1
        words.append("=?utf-8?b?" + base64.b64encode(data[start:end]).decode("ascii") + "?=")
        start = end
    return "\r\n ".join(words)


def mailbox(name: str, address: str) -> str:
    """`Name <address>` with the name quoted or encoded as it needs.

    An encoded name is one encoded-word when it fits 42 bytes: RFC 2047 decoders join several
    words without what lies between them, while Python's own address parser keeps the fold as a
    space (CPython gh-79728). A longer name follows the RFC; its spaces are inside the words."""
    if not name:
        return address
    if not (name.isascii() and name.isprintable()) or "=?" in name:
        phrase = encoded_words(" ".join(name.split()), force=True, size=_NAME_BYTES)
    elif _SPECIALS.search(name):
        phrase = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:
        phrase = name
    # Fold before the address where the line would outgrow 78 characters with `To: ` before it.
    last_line = phrase.rpartition("\n")[2]
    space = "\r\n " if len(last_line) + len(address) + 7 > 78 else " "
    return f"{phrase}{space}<{address}>"


def alternative(headers: list[tuple[str, str]], text: str, html: str, boundary: str) -> bytes:
    """The message: `headers` (values already encoded), then the text and the HTML part.

    Only an international address (sent with SMTPUTF8, RFC 6532) puts UTF-8 in a header."""
    lines = [f"{name}: {value}" for name, value in headers]
    lines += [
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative;",
        f' boundary="{boundary}"',
        "",
        f"--{boundary}",
        *_part("plain", text),
        f"--{boundary}",
        *_part("html", html),
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(lines).encode()


def _part(subtype: str, body: str) -> list[str]:
    encoded = base64.encodebytes(body.encode()).decode("ascii").replace("\n", "\r\n")
    return [
        f'Content-Type: text/{subtype}; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        encoded.rstrip("\r\n"),
    ]

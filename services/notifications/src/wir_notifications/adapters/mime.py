"""A multipart/alternative e-mail written straight to bytes.

`EmailMessage` with the default policy parses and refolds every header through
`email.headerregistry`, which cost more CPU than anything else about a message. What we send
is always the same shape (a few fixed headers, a text and an HTML part), so it is written
directly: non-ASCII in a header as RFC 2047 base64 encoded-words cut at character boundaries,
both parts base64 (safe for every script, and no line of it can look like the boundary). An
ASCII address is required; callers fall back to `EmailMessage` for the rare other one.
"""

from __future__ import annotations

import base64
import re

#: 39 bytes make 52 of base64, a 64-character encoded-word: with `Subject: ` or `To: ` before
#: it, a line stays within the 78 characters RFC 5322 recommends (RFC 2047 allows 75 a word).
_WORD_BYTES = 39
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
    """An ASCII dot-atom address this module can write (no quoting, no IDN, no SMTPUTF8)."""
    return _ADDRESS.fullmatch(address) is not None


def encoded_words(text: str, *, force: bool = False) -> str:
    """`text` as a header value: as it is when short printable ASCII (unless `force`), else
    encoded-words folded one per line."""
    if not force and _PLAIN.fullmatch(text) and "=?" not in text:
        return text
    data, words, start = text.encode(), [], 0
    while start < len(data):
        end = min(start + _WORD_BYTES, len(data))
        # Never cut a character: back off while the next byte continues one (10xxxxxx).
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        words.append("=?utf-8?b?" + base64.b64encode(data[start:end]).decode("ascii") + "?=")
        start = end
    return "\r\n ".join(words)


def mailbox(name: str, address: str) -> str:
    """`Name <address>` with the name quoted or encoded as it needs."""
    if not name:
        return address
    if not (name.isascii() and name.isprintable()) or "=?" in name:
        # Word by word: parsers join the encoded-words of an address's name with a space, so a
        # word cut in two would come back with a space inside.
        phrase = "\r\n ".join(encoded_words(word, force=True) for word in name.split())
    elif _SPECIALS.search(name):
        phrase = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:
        phrase = name
    # Fold before the address where the line would outgrow 78 characters with `To: ` before it.
    last_line = phrase.rpartition("\n")[2]
    space = "\r\n " if len(last_line) + len(address) + 7 > 78 else " "
    return f"{phrase}{space}<{address}>"


def alternative(headers: list[tuple[str, str]], text: str, html: str, boundary: str) -> bytes:
    """The message: `headers` (values already encoded), then the text and the HTML part."""
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
    return "\r\n".join(lines).encode("ascii")


def _part(subtype: str, body: str) -> list[str]:
    encoded = base64.encodebytes(body.encode()).decode("ascii").replace("\n", "\r\n")
    return [
        f'Content-Type: text/{subtype}; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        encoded.rstrip("\r\n"),
    ]

"""The allowed-signers file (git's `gpg.ssh.allowedSignersFile`, ssh-keygen(1) "ALLOWED SIGNERS"):
who may sign approvals.

ssh-keygen skips a line it cannot read without a word, so a typo would silently drop a
gatekeeper (or keep a removed one's line from mattering). This module reads the file first and
reports each malformed line with its number; ssh-keygen then does the verifying."""

from __future__ import annotations

import base64
import binascii
import struct
from dataclasses import dataclass

from mops.approvals.sshsig import match_pattern_list
from mops.errors import ConfigError, MultipleErrors

KEY_TYPES = (
    "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
)
OPTIONS = ("cert-authority", "namespaces", "valid-after", "valid-before")
FORMAT_HINT = 'each line is `<email> <key type> <public key>`, e.g. `dana@example.com ssh-ed25519 AAAAC3Nz...` (options such as namespaces="mops-approval,git" go before the key type)'


@dataclass(frozen=True)
class SignerEntry:
    line: int
    principals: tuple[str, ...]
    key_type: str
    key: str  # base64
    namespaces: tuple[str, ...] | None  # None: any namespace
    cert_authority: bool

    def allows(self, namespace: str) -> bool:
        return self.namespaces is None or match_pattern_list(namespace, ",".join(self.namespaces))

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(base64.b64decode(self.key))

    def names(self, principal: str) -> bool:
        """Whether this line's principal patterns match `principal`, as ssh-keygen matches them."""
        return match_pattern_list(principal, ",".join(self.principals))


def key_fingerprint(blob: bytes) -> str:
    """SHA256:... of a public key blob, as ssh-keygen -l prints it."""
    import hashlib

    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def parse_allowed_signers(text: bytes, display: str) -> list[SignerEntry]:
    """Every entry of an allowed-signers file; all malformed lines reported together (exit 2)."""
    errors: list[ConfigError] = []
    entries: list[SignerEntry] = []
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", path=display, hint=FORMAT_HINT) from None
    for number, raw in enumerate(decoded.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            entries.append(_entry(line, number))
        except ValueError as exc:
            errors.append(ConfigError(f"malformed allowed-signers line: {exc}", path=display, line=number, hint=FORMAT_HINT))
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(list(errors))
    return entries


def _split(text: str, separator: str | None) -> list[str]:
    """Split on whitespace (None) or a separator outside double quotes; quotes stay in the parts."""
    parts: list[str] = []
    current = ""
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
            current += char
        elif not quoted and (char.isspace() if separator is None else char == separator):
            if current or separator is not None:
                parts.append(current)
            current = ""
        else:
            current += char
    if quoted:
        raise ValueError("an unclosed quote")
    if current or separator is not None:
        parts.append(current)
    return parts


def _entry(line: str, number: int) -> SignerEntry:
    words = _split(line, None)
    if len(words) < 3:
        raise ValueError("expected a principal, a key type and a public key")
    principals = tuple(p for p in words[0].strip('"').split(",") if p)
    if not principals:
        raise ValueError("no principal (the email the key belongs to) before the key")
    index = next((i for i, w in enumerate(words[1:], 1) if w in KEY_TYPES or w.endswith("-cert-v01@openssh.com")), None)
    if index is None:
        raise ValueError(f"no key type ({', '.join(KEY_TYPES[:2])}, ...) found")
    if index + 1 >= len(words):
        raise ValueError(f"nothing after the key type {words[index]}: the public key is missing")
    namespaces: tuple[str, ...] | None = None
    cert_authority = False
    for option in (o for word in words[1:index] for o in _split(word, ",")):
        if not option:
            continue
        name, _, value = option.partition("=")
        if name.lower() not in OPTIONS:
            quoted = ' (several namespaces need quotes: namespaces="mops-approval,git")' if "namespaces=" in line and '"' not in line else ""
            raise ValueError(f"unknown option {name!r} (ssh-keygen knows {', '.join(OPTIONS)}){quoted}")
        if name.lower() == "namespaces":
            namespaces = tuple(n.strip() for n in value.strip('"').split(",") if n.strip())
        elif name.lower() == "cert-authority":
            cert_authority = True
    key_type, key = words[index], words[index + 1]
    try:
        blob = base64.b64decode(key, validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        embedded = blob[4:4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        raise ValueError(f"the public key after {key_type} is not a key (not base64 of an SSH key)") from None
    if embedded != key_type:
        raise ValueError(f"the key says it is {embedded!r} but the line says {key_type!r}")
    return SignerEntry(number, principals, key_type, key, namespaces, cert_authority)


def entries_for_key(entries: list[SignerEntry], key_type: str, key: str) -> list[SignerEntry]:
    return [e for e in entries if e.key_type == key_type and e.key == key]

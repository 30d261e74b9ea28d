"""A fast path for `ssh-keygen -Y verify`: SSHSIG signatures (OpenSSH PROTOCOL.sshsig) by plain
ed25519, ECDSA and RSA keys, verified in-process with the `cryptography` package.

`ssh-keygen -Y verify` costs ~6 ms of CPU a call (process start, OpenSSL set-up), so 3,000 approval
records took ~18 s. This module answers only "yes, ssh-keygen would say Good" or "not sure": it
never rejects. Whatever it does not fully understand, and every signature that fails here, goes to
ssh-keygen (mops.approvals.signing), which stays the reference and gives the reasons. So a
divergence can only cost time, never accept a signature ssh-keygen would refuse, provided each check
below is at least as strict as ssh-keygen's (tests/test_sshsig.py holds the two equal on generated
cases: valid, tampered, flipped, wrong namespace, unlisted, principal patterns, options, key types).

What "sure" means, following OpenSSH's sshsig.c (sshsig_verify_fd, sshsig_check_allowed_keys):
- the armor is exactly BEGIN line, canonical base64, END line, LF line ends; the blob is "SSHSIG", version 1,
  string(public key), string(namespace) equal to the expected one, string(reserved) empty,
  string(hash "sha256" or "sha512"), string(signature), nothing after;
- the public key is a plain ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa key (no
  certificate, no sk- key), parsed strictly (no trailing bytes, canonical numbers, RSA of
  1,024-16,384 bits, ECDSA points as OpenSSH validates them);
- the signature verifies over "SSHSIG" || string(namespace) || string("") || string(hash) ||
  string(H(payload)), RSA with rsa-sha2-512 or rsa-sha2-256 (PKCS#1 v1.5), never ssh-rsa (SHA-1);
- a line of the allowed-signers file, read with a strict grammar (an unquoted principal list,
  optional `namespaces="..."` only, a plain key with canonical base64) lists this exact key blob,
  its principal patterns match the claimed principal as OpenSSH's match_pattern_list does
  (`*`, `?`, `!negation`, case-sensitive), and its namespaces (if any) allow the namespace. Lines
  with cert-authority, valid-after/valid-before or anything else are never used to say yes: ssh-
  keygen judges signatures that only such lines could allow. Each line is judged on its own in
  ssh-keygen too (a line that fails is skipped), so lines this module skips cannot change a yes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from dataclasses import dataclass

BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
PLAIN_KEY_TYPES = ("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa")
_CURVES = {"ecdsa-sha2-nistp256": ("nistp256", "SECP256R1", "SHA256"), "ecdsa-sha2-nistp384": ("nistp384", "SECP384R1", "SHA384"),
           "ecdsa-sha2-nistp521": ("nistp521", "SECP521R1", "SHA512")}
_ORDER_BITS = {"nistp256": 256, "nistp384": 384, "nistp521": 521}
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_PRINCIPALS = re.compile(r"[^\s\"',]+(,[^\s\"',]+)*")  # no quotes, no empty entries
_NAMESPACES_OPTION = re.compile(r'namespaces="([^"\\\s]+)"')
_PLAIN_LINE = re.compile(rb"[ \t\x21-\x7e]*")  # printable ASCII, spaces and tabs
_PLAIN_PRINCIPAL = re.compile(r"[\x21-\x7e]+")  # ASCII: OpenSSH matches bytes, `?` is one byte
_MAX_PATTERN = 1000  # OpenSSH copies each pattern of a list into a 1,024-byte buffer


@dataclass(frozen=True)
class FastSigner:
    """One allowed-signers line the fast path understands fully."""

    principals: str  # the pattern list, as written
    key_blob: bytes
    namespaces: str | None  # the pattern list of namespaces="...", None: any


def fast_signers(allowed_signers: bytes) -> list[FastSigner]:
    """The lines of an allowed-signers file the fast path may say yes through; every other line
    (comments, cert-authority, time limits, quoting, anything unusual) is left to ssh-keygen."""
    found = []
    for line in allowed_signers.split(b"\n"):  # as getline(3) reads it; ssh-keygen judges each line on its own
        line = line[:-1] if line.endswith(b"\r") else line
        if not _PLAIN_LINE.fullmatch(line):
            continue  # control characters, non-ASCII: whitespace and patterns might differ from OpenSSH's
        words = [w for w in re.split(r"[ \t]+", line.decode("ascii")) if w]
        if not words or words[0].startswith("#") or len(words) < 3:
            continue
        principals, rest = words[0], words[1:]
        if not _PRINCIPALS.fullmatch(principals) or any(len(p) >= _MAX_PATTERN for p in principals.split(",")):
            continue
        namespaces = None
        if rest[0] not in PLAIN_KEY_TYPES:
            option = _NAMESPACES_OPTION.fullmatch(rest[0])
            if option is None or len(rest) < 3 or any(len(n) >= _MAX_PATTERN for n in option.group(1).split(",")):
                continue
            namespaces = option.group(1)
            rest = rest[1:]
        key_type, key = rest[0], rest[1]
        if key_type not in PLAIN_KEY_TYPES:
            continue
        blob = _canonical_base64(key)
        if blob is None or _key_type_of(blob) != key_type:
            continue
        found.append(FastSigner(principals, blob, namespaces))
    return found


def verify_fast(payload: bytes, armored: str, principal: str, namespace: str, signers: list[FastSigner]) -> bool:
    """True when `ssh-keygen -Y verify -I principal -n namespace` against the file `signers` came
    from would say Good for this signature over `payload`; False when not sure (ask ssh-keygen)."""
    if not signers or not _PLAIN_PRINCIPAL.fullmatch(principal):
        return False
    blob = _dearmor(armored)
    if blob is None:
        return False
    parsed = _parse_envelope(blob)
    if parsed is None:
        return False
    key_blob, got_namespace, hash_name, signature = parsed
    if got_namespace != namespace:
        return False
    if not any(s.key_blob == key_blob and match_pattern_list(principal, s.principals)
               and (s.namespaces is None or match_pattern_list(namespace, s.namespaces)) for s in signers):
        return False
    digest = hashlib.new(hash_name, payload).digest()
    signed = b"SSHSIG" + _string(namespace.encode()) + _string(b"") + _string(hash_name.encode()) + _string(digest)
    try:
        return _verify_key_signature(key_blob, signature, signed)
    except Exception:  # noqa: BLE001 - anything unexpected in a crypto library: not sure, ask ssh-keygen
        return False


# -- OpenSSH's pattern matching (match.c), case-sensitive ------------------------------------------


def match_pattern(string: str, pattern: str) -> bool:
    """`*` any run of characters, `?` any one character; everything else literal."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, string, re.DOTALL) is not None


def match_pattern_list(string: str, patterns: str) -> bool:
    """OpenSSH match_pattern_list(string, patterns, 0) == 1: some pattern matches and no negated
    (`!pattern`) one does."""
    positive = False
    for pattern in patterns.split(","):
        negated = pattern.startswith("!")
        if match_pattern(string, pattern[1:] if negated else pattern):
            if negated:
                return False
            positive = True
    return positive


# -- the wire format ------------------------------------------------------------------------------


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, size: int) -> bytes:
        if size < 0 or self.at + size > len(self.data):
            raise ValueError("short")
        chunk = self.data[self.at:self.at + size]
        self.at += size
        return chunk

    def u32(self) -> int:
        return struct.unpack(">I", self.take(4))[0]

    def string(self) -> bytes:
        return self.take(self.u32())

    def mpint(self) -> int:
        """A non-negative mpint in canonical form (no needless leading zero)."""
        raw = self.string()
        if raw and (raw[0] & 0x80 or (raw[0] == 0 and (len(raw) == 1 or not raw[1] & 0x80))):
            raise ValueError("not canonical")
        return int.from_bytes(raw, "big")

    def done(self) -> bool:
        return self.at == len(self.data)


def _canonical_base64(text: str) -> bytes | None:
    if not _BASE64.fullmatch(text):
        return None
    try:
        blob = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return blob if base64.b64encode(blob).decode() == text else None


def _dearmor(armored: str) -> bytes | None:
    """The signature blob, when the text is exactly what ssh-keygen -Y sign writes (LF line ends:
    ssh-keygen 9.2 refuses CRLF armor)."""
    if "\r" in armored:
        return None
    lines = armored.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 3 or lines[0] != BEGIN or lines[-1] != END:
        return None
    return _canonical_base64("".join(lines[1:-1]))


def _parse_envelope(blob: bytes) -> tuple[bytes, str, str, bytes] | None:
    try:
        reader = _Reader(blob)
        if reader.take(6) != b"SSHSIG" or reader.u32() != 1:
            return None
        key_blob = reader.string()
        namespace = reader.string().decode("ascii")
        reserved = reader.string()
        hash_name = reader.string().decode("ascii")
        signature = reader.string()
        if not reader.done() or reserved or hash_name not in ("sha256", "sha512") or "\0" in namespace:
            return None
    except (ValueError, struct.error, UnicodeDecodeError):
        return None
    return key_blob, namespace, hash_name, signature


def _key_type_of(blob: bytes) -> str | None:
    try:
        return _Reader(blob).string().decode("ascii")
    except (ValueError, struct.error, UnicodeDecodeError):
        return None


def _verify_key_signature(key_blob: bytes, signature: bytes, signed: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    key = _Reader(key_blob)
    key_type = key.string().decode("ascii")
    sig = _Reader(signature)
    sig_type = sig.string().decode("ascii")
    try:
        if key_type == "ssh-ed25519":
            public = key.string()
            raw = sig.string()
            if not key.done() or not sig.done() or sig_type != key_type or len(public) != 32 or len(raw) != 64:
                return False
            ed25519.Ed25519PublicKey.from_public_bytes(public).verify(raw, signed)
            return True
        if key_type in _CURVES:
            curve_name, curve_class, hash_class = _CURVES[key_type]
            if key.string() != curve_name.encode():
                return False
            point = key.string()
            inner = _Reader(sig.string())
            r, s = inner.mpint(), inner.mpint()
            if not key.done() or not sig.done() or not inner.done() or sig_type != key_type or not point or point[0] != 4:
                return False
            public_key = ec.EllipticCurvePublicKey.from_encoded_point(getattr(ec, curve_class)(), point)
            numbers = public_key.public_numbers()
            half = _ORDER_BITS[curve_name] // 2  # OpenSSH sshkey_ec_validate_public: log2(x), log2(y) > log2(order)/2
            if numbers.x.bit_length() <= half or numbers.y.bit_length() <= half:
                return False
            public_key.verify(encode_dss_signature(r, s), signed, ec.ECDSA(getattr(hashes, hash_class)()))
            return True
        if key_type == "ssh-rsa":
            e, n = key.mpint(), key.mpint()
            raw = sig.string()
            if not key.done() or not sig.done() or not 1024 <= n.bit_length() <= 16384:
                return False
            algorithm = {"rsa-sha2-512": hashes.SHA512(), "rsa-sha2-256": hashes.SHA256()}.get(sig_type)
            if algorithm is None or len(raw) != (n.bit_length() + 7) // 8:
                return False
            rsa.RSAPublicNumbers(e, n).public_key().verify(raw, signed, padding.PKCS1v15(), algorithm)
            return True
    except InvalidSignature:
        return False
    return False

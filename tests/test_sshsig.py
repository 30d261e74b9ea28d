"""The in-process fast path for SSH signatures (mops.approvals.sshsig) against `ssh-keygen -Y verify`,
the reference: on every generated case the fast path may only say Good where ssh-keygen does, and
`verify_many` gives the same verdicts and reasons with and without it.

Keys come from ssh-keygen (ed25519, ECDSA P-256/384/521, RSA); signatures from `ssh-keygen -Y sign`,
except the few a tool would not make (ssh-rsa SHA-1, rsa-sha2-256, odd envelopes), built here from
the same keys. HOME points into the test's temporary folder."""

from __future__ import annotations

import base64
import json
import os
import random
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from mops.approvals.signers import parse_allowed_signers
from mops.approvals.signing import verify_many
from mops.approvals.sshsig import fast_signers, match_pattern_list, verify_fast

NS = "mops-approval"
DANA = "dana@example.com"


@dataclass(frozen=True)
class Key:
    name: str
    private: Path

    @property
    def public(self) -> str:
        return " ".join(Path(f"{self.private}.pub").read_text().split()[:2])


@dataclass(frozen=True)
class Case:
    name: str
    payload: bytes
    armored: str
    claimed: str
    allowed: bytes
    good: bool | None  # what ssh-keygen says (None: not asserted)
    fast: bool = False  # the fast path must answer it itself


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    return {**{k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}, "HOME": str(home)}


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> dict[str, Key]:
    folder = tmp_path_factory.mktemp("keys")
    made = {}
    for name, args in {
        "ed25519": ["-t", "ed25519"], "other": ["-t", "ed25519"], "p256": ["-t", "ecdsa", "-b", "256"],
        "p384": ["-t", "ecdsa", "-b", "384"], "p521": ["-t", "ecdsa", "-b", "521"], "rsa": ["-t", "rsa", "-b", "2048"],
    }.items():
        subprocess.run(["ssh-keygen", "-q", *args, "-N", "", "-C", name, "-f", str(folder / name)], check=True, env=env)
        made[name] = Key(name, folder / name)
    return made


def sign(key: Key, payload: bytes, env: dict[str, str], namespace: str = NS, hashalg: str | None = None) -> str:
    extra = ["-O", f"hashalg={hashalg}"] if hashalg else []
    done = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", namespace, "-f", str(key.private), *extra],
                          input=payload, capture_output=True, check=True, env=env)
    return done.stdout.decode()


def reference(case: Case, folder: Path, env: dict[str, str]) -> bool:
    allowed = folder / "allowed"
    allowed.write_bytes(case.allowed)
    sig = folder / "sig"
    sig.write_text(case.armored if case.armored.endswith("\n") else case.armored + "\n")
    done = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", case.claimed, "-n", NS, "-s", str(sig)],
                          input=case.payload, capture_output=True, check=False, env=env)
    return done.returncode == 0 and done.stdout.startswith(b"Good")


def s(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def blob_of(armored: str) -> bytes:
    return base64.b64decode("".join(armored.strip().splitlines()[1:-1]))


def armor(blob: bytes) -> str:
    text = base64.b64encode(blob).decode()
    return "-----BEGIN SSH SIGNATURE-----\n" + "".join(text[i:i + 70] + "\n" for i in range(0, len(text), 70)) + "-----END SSH SIGNATURE-----\n"


def handmade(key: Key, payload: bytes, *, sig_type: str = "rsa-sha2-512", version: int = 1, reserved: bytes = b"", hash_name: str = "sha512") -> str:
    """A signature built outside ssh-keygen from the same private key (PROTOCOL.sshsig)."""
    import hashlib

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    private = serialization.load_ssh_private_key(key.private.read_bytes(), password=None)
    public_blob = base64.b64decode(key.public.split()[1])
    signed = b"SSHSIG" + s(NS.encode()) + s(b"") + s(hash_name.encode()) + s(hashlib.new(hash_name, payload).digest())
    if key.name == "rsa":
        algorithm = {"rsa-sha2-512": hashes.SHA512(), "rsa-sha2-256": hashes.SHA256(), "ssh-rsa": hashes.SHA1()}[sig_type]
        raw = private.sign(signed, padding.PKCS1v15(), algorithm)  # type: ignore[call-arg, union-attr]
    else:
        raw = private.sign(signed)  # type: ignore[call-arg, union-attr]
    blob = b"SSHSIG" + struct.pack(">I", version) + s(public_blob) + s(NS.encode()) + s(reserved) + s(hash_name.encode()) + s(s(sig_type.encode()) + s(raw))
    return armor(blob)


def line(principals: str, key: Key, options: str = "") -> str:
    return f"{principals} {options + ' ' if options else ''}{key.public}\n"


def payload_of(rng: random.Random) -> bytes:
    fields = {"artifact": f"copy/meta/{rng.randrange(10**6)}.md", "decision": rng.choice(["approved", "rejected"]), "signer": DANA,
              "comment": "".join(rng.choice("abcdé ✓\n\"") for _ in range(rng.randrange(40)))}
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def cases(keys: dict[str, Key], env: dict[str, str]) -> list[Case]:
    rng = random.Random(13)
    found: list[Case] = []
    ed, other = keys["ed25519"], keys["other"]

    # every key type and hash: valid, tampered, wrong namespace, not listed, someone else's name
    for name in ("ed25519", "p256", "p384", "p521", "rsa"):
        key = keys[name]
        for hashalg in ("sha512", "sha256"):
            payload = payload_of(rng)
            armored = sign(key, payload, env, hashalg=hashalg)
            listed = line(DANA, key).encode()
            found += [
                Case(f"{name}/{hashalg} valid", payload, armored, DANA, listed, True, fast=True),
                Case(f"{name}/{hashalg} payload tampered", payload + b" ", armored, DANA, listed, False),
                Case(f"{name}/{hashalg} payload byte changed", payload.replace(b"approved", b"rejected").replace(b"copy", b"cope"), armored, DANA, listed, False),
                Case(f"{name}/{hashalg} wrong namespace", payload, sign(key, payload, env, namespace="git"), DANA, listed, False),
                Case(f"{name}/{hashalg} key not listed", payload, armored, DANA, line(DANA, other).encode(), False),
                Case(f"{name}/{hashalg} listed for someone else", payload, armored, DANA, line("eve@example.com", key).encode(), False),
                Case(f"{name}/{hashalg} claims someone else", payload, armored, "eve@example.com", listed, False),
            ]

    # the allowed-signers line: principal patterns, options, several lines, odd spellings
    payload = payload_of(rng)
    armored = sign(ed, payload, env)
    for allowed, good, fast in [
        (line("*@example.com", ed), True, True),
        (line("d?na@example.com", ed), True, True),
        (line("eve@example.com,dana@example.com", ed), True, True),
        (line("*", ed), True, True),
        (line("[d]ana@example.com", ed), False, False),  # OpenSSH patterns have no character classes
        (line("!dana@example.com,*@example.com", ed), False, False),
        (line("*@example.com,!dana@*", ed), False, False),
        (line("DANA@example.com", ed), False, False),  # case-sensitive
        (line("dana@example.co", ed), False, False),
        (line(DANA, ed, 'namespaces="mops-approval"'), True, True),
        (line(DANA, ed, 'namespaces="git,mops-*"'), True, True),
        (line(DANA, ed, 'namespaces="git"'), False, False),
        (line(DANA, ed, 'namespaces="!mops-approval,*"'), False, False),
        (line(DANA, ed, "namespaces=mops-approval"), False, False),  # unquoted: ssh-keygen skips the line
        (line(DANA, ed, 'NAMESPACES="mops-approval"'), True, False),  # ssh-keygen reads options case-insensitively
        (line(DANA, ed, 'valid-after="20200101"'), True, False),
        (line(DANA, ed, 'valid-after="29990101"'), False, False),
        (line(DANA, ed, 'valid-before="20200101"'), False, False),
        (line(DANA, ed, 'valid-before="29990101",namespaces="mops-approval"'), True, False),
        (line(DANA, ed, "cert-authority"), False, False),  # a CA line never allows a plain key
        (line(DANA, ed, 'unknown-option="x"'), False, False),
        (line(DANA, other) + line(DANA, ed), True, True),
        (line("eve@example.com", ed) + line(DANA, ed), True, True),
        (line(DANA, ed, "cert-authority") + line(DANA, ed), True, True),
        ("# gatekeepers\n\n" + line(DANA, ed).rstrip("\n") + " dana's laptop\n", True, True),
        ("   \t" + line(DANA, ed), True, True),
        (line(DANA, ed).replace("\n", "\r\n"), True, True),
        (line(f'"{DANA}"', ed), True, False),  # quoted principals: left to ssh-keygen
        (line(DANA, ed).replace("ssh-ed25519 ", "ssh-rsa "), False, False),  # the line's type disagrees with its key
        (line(DANA, ed).replace(" AAAA", " AAAB"), False, False),
        (line("dana@exampleXcom", ed).replace("X", "\x0b"), False, False),
    ]:
        found.append(Case(f"line {allowed!r}", payload, armored, DANA, allowed.encode(), good, fast))

    # principal patterns, generated: the fast path's matching against ssh-keygen's
    pieces = ["dana@example.com", "*", "?", "d*", "*@example.com", "dana@*", "d?na@example.com", "*a*", "eve@*", "*.org", "??", "dana@example.com?"]
    for number in range(40):
        patterns = ",".join(("!" if rng.random() < 0.25 else "") + rng.choice(pieces) for _ in range(rng.randint(1, 3)))
        claimed = rng.choice([DANA, "eve@example.com", "dana@example.org", "da", "x"])
        found.append(Case(f"pattern {number}: {claimed} in {patterns}", payload, armored, claimed, line(patterns, ed).encode(), None,
                          fast=match_pattern_list(claimed, patterns)))

    # signature bytes flipped, in the envelope and in the signature itself, for each key type
    for name in ("ed25519", "p256", "rsa"):
        key = keys[name]
        listed = line(DANA, key).encode()
        payload = payload_of(rng)
        blob = blob_of(sign(key, payload, env))
        for _ in range(15):
            at = rng.randrange(len(blob))
            changed = bytearray(blob)
            changed[at] ^= 1 << rng.randrange(8)
            found.append(Case(f"{name} bit flipped at {at}", payload, armor(bytes(changed)), DANA, listed, None))
        text = sign(key, payload, env)
        for _ in range(5):
            at = rng.randrange(31, len(text) - 30)
            if text[at] != "\n":
                swapped = text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1:]
                found.append(Case(f"{name} armor changed at {at}", payload, swapped, DANA, listed, None))

    # envelopes ssh-keygen would not write, and RSA signature algorithms
    payload = payload_of(rng)
    rsa = keys["rsa"]
    found += [
        Case("rsa-sha2-256", payload, handmade(rsa, payload, sig_type="rsa-sha2-256"), DANA, line(DANA, rsa).encode(), True, fast=True),
        Case("ssh-rsa (SHA-1) refused", payload, handmade(rsa, payload, sig_type="ssh-rsa"), DANA, line(DANA, rsa).encode(), False),
        Case("version 0", payload, handmade(ed, payload, sig_type="ssh-ed25519", version=0), DANA, line(DANA, ed).encode(), True),
        Case("version 2", payload, handmade(ed, payload, sig_type="ssh-ed25519", version=2), DANA, line(DANA, ed).encode(), False),
        Case("reserved not empty", payload, handmade(ed, payload, sig_type="ssh-ed25519", reserved=b"x"), DANA, line(DANA, ed).encode(), True),
        Case("hash md5", payload, handmade(ed, payload, sig_type="ssh-ed25519", hash_name="md5"), DANA, line(DANA, ed).encode(), False),
        Case("ed25519 signature labelled ssh-rsa", payload, handmade(ed, payload, sig_type="ssh-rsa"), DANA, line(DANA, ed).encode(), False),
        Case("armor with a leading space", payload, " " + sign(ed, payload, env), DANA, line(DANA, ed).encode(), False),
        Case("armor with CRLF", payload, sign(ed, payload, env).replace("\n", "\r\n"), DANA, line(DANA, ed).encode(), None),
        Case("not a signature", payload, "garbage", DANA, line(DANA, ed).encode(), False),
    ]
    return found


@pytest.fixture(scope="module")
def generated(keys: dict[str, Key], env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Case, bool]]:
    folder = tmp_path_factory.mktemp("verify")
    return [(case, reference(case, folder, env)) for case in cases(keys, env)]


def test_the_fast_path_says_good_only_where_ssh_keygen_does_and_answers_plain_keys_itself(generated: list[tuple[Case, bool]]) -> None:
    assert len(generated) > 200
    wrong = []
    for case, good in generated:
        fast = verify_fast(case.payload, case.armored, case.claimed, NS, fast_signers(case.allowed))
        if case.good is not None and good != case.good:
            wrong.append(f"{case.name}: ssh-keygen says {'Good' if good else 'no'}, the case expects {case.good}")
        if fast and not good:
            wrong.append(f"{case.name}: the fast path says Good, ssh-keygen does not")
        if case.fast and not fast:
            wrong.append(f"{case.name}: the fast path should answer this itself")
    assert not wrong, "\n".join(wrong)
    assert sum(1 for case, good in generated if good) > 40 and sum(1 for case, good in generated if not good) > 100


def test_verify_many_gives_the_same_verdicts_and_reasons_with_and_without_the_fast_path(generated: list[tuple[Case, bool]]) -> None:
    by_file: dict[bytes, list[Case]] = {}
    for case, _ in generated:
        by_file.setdefault(case.allowed, []).append(case)
    compared = 0
    for allowed, group in by_file.items():
        try:
            entries = parse_allowed_signers(allowed, "allowed_signers")
        except Exception:  # noqa: BLE001 - files mops itself refuses (exit 2) never reach verification
            continue
        items = [(c.payload, c.armored, c.claimed) for c in group]
        fast = verify_many(items, allowed, entries, where="allowed_signers")
        slow = verify_many(items, allowed, entries, where="allowed_signers", fast=False)
        assert fast == slow, [c.name for c, a, b in zip(group, fast, slow) if a != b]
        compared += len(items)
    assert compared > 150

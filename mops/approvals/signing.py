"""SSH signatures through ssh-keygen: signing with the key git signs with, verifying against an
allowed-signers file.

mops signs what git would sign with (`user.signingkey`, `gpg.format ssh`, `gpg.ssh.program`), so a
gatekeeper sets up one key for both the signed commit and the record. `ssh-keygen -Y verify` is the
reference: mops.approvals.sshsig answers in-process for the signatures it is sure ssh-keygen would
call Good (plain keys, simple allowed-signers lines; ~0.2 ms instead of ~6 ms of process start),
and every other signature, and every one that fails there, goes to ssh-keygen. This module only
reads the public key out of a signature to say *why* one failed (key not listed, listed for someone
else, not allowed this namespace)."""

from __future__ import annotations

import base64
import binascii
import os
import struct
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mops.approvals.signers import SignerEntry, entries_for_key, key_fingerprint
from mops.errors import UsageError
from mops.models.approval import SIGNATURE_NAMESPACE

SETUP_HINT = (
    "make an SSH signing key and tell git to sign with it: `ssh-keygen -t ed25519 -f ~/.ssh/mops_signing`, "
    "`git config --global gpg.format ssh`, `git config --global user.signingkey ~/.ssh/mops_signing.pub` "
    "(README: \"For gatekeepers\")"
)


@dataclass(frozen=True)
class SigningKey:
    """The key git signs with: a key file, or a public key whose private half is in ssh-agent."""

    program: str
    key_file: str | None  # a path git was given
    literal: str | None  # "ssh-ed25519 AAAA..." given inline (key::...)
    email: str | None


def signing_key(config: "callable") -> SigningKey:  # type: ignore[valid-type]
    """The SSH key git is configured to sign with; a clear error when there is none or it is not SSH.
    `config(key)` reads one git setting."""
    fmt = config("gpg.format")
    value = config("user.signingkey")
    if not value and fmt in (None, "ssh"):
        raise UsageError("git has no signing key (user.signingkey is not set)", hint=SETUP_HINT)
    if (fmt or "openpgp").lower() != "ssh":
        what = "X.509" if (fmt or "").lower() == "x509" else "OpenPGP (GPG)"
        why = f"gpg.format is {fmt}" if fmt else "gpg.format is not set, and git's default is OpenPGP"
        raise UsageError(
            f"git would sign with {what} here ({why}); mops approvals need an SSH signing key",
            hint="GPG keys are not supported yet: mops verifies approvals with ssh-keygen against an allowed-signers file in the "
            "workspace, which GPG has no equivalent of. In this repository: `git config gpg.format ssh` and "
            "`git config user.signingkey ~/.ssh/mops_signing.pub` (without --global, so other repositories keep GPG; "
            "a setting in this repository wins over --global). README: \"For gatekeepers\"",
        )
    program = config("gpg.ssh.program") or "ssh-keygen"
    email = config("user.email")
    if value.startswith("key::"):
        return SigningKey(program, None, value[5:].strip(), email)
    if value.startswith(("ssh-", "ecdsa-", "sk-")):
        return SigningKey(program, None, value.strip(), email)
    path = os.path.expanduser(value)
    if not os.path.isfile(path):
        raise UsageError(f"user.signingkey points at {value}, which is not a file", hint=SETUP_HINT)
    return SigningKey(program, path, None, email)


def sign(payload: bytes, key: SigningKey) -> str:
    """A detached signature (armored) over `payload` in the mops-approval namespace."""
    with tempfile.TemporaryDirectory(prefix="mops-sign-") as folder:
        if key.literal is not None:
            key_file = Path(folder, "key.pub")
            key_file.write_text(key.literal + "\n")
            args = [key.program, "-Y", "sign", "-n", SIGNATURE_NAMESPACE, "-f", str(key_file), "-U"]
        else:
            args = [key.program, "-Y", "sign", "-n", SIGNATURE_NAMESPACE, "-f", str(key.key_file)]
        message = Path(folder, "record")
        message.write_bytes(payload)
        try:
            proc = subprocess.run([*args, str(message)], capture_output=True, check=False)
        except FileNotFoundError:
            raise UsageError(f"cannot run {key.program}", hint="install OpenSSH 8.2 or newer (ssh-keygen -Y sign)") from None
        signature = Path(folder, "record.sig")
        if proc.returncode != 0 or not signature.is_file():
            detail = proc.stderr.decode(errors="replace").strip().splitlines()
            last = detail[-1] if detail else f"exit {proc.returncode}"
            passphrase = any("passphrase" in line.lower() for line in detail)
            agent = key.literal is not None or str(key.key_file).endswith(".pub")
            if passphrase:
                hint = "the key has a passphrase and no terminal could ask for it: add the key to ssh-agent first (`ssh-add <key file>`)"
            elif agent:
                hint = "user.signingkey names a public key, so the private key must be in ssh-agent: `ssh-add <key file>`, check `ssh-add -L`"
            else:
                hint = SETUP_HINT
            raise UsageError(f"{key.program} could not sign: {last}", hint=hint)
        return signature.read_text()


@dataclass(frozen=True)
class SignatureKey:
    key_type: str
    key: str  # base64 of the public key blob
    fingerprint: str  # SHA256:...


def signature_key(armored: str) -> SignatureKey | None:
    """The public key inside an SSH signature (PROTOCOL.sshsig); None when it is not one."""
    lines = [line.strip() for line in armored.strip().splitlines()]
    if len(lines) < 3 or lines[0] != "-----BEGIN SSH SIGNATURE-----" or lines[-1] != "-----END SSH SIGNATURE-----":
        return None
    try:
        blob = base64.b64decode("".join(lines[1:-1]), validate=True)
        if blob[:6] != b"SSHSIG":
            return None
        (length,) = struct.unpack(">I", blob[10:14])
        key_blob = blob[14:14 + length]
        (type_length,) = struct.unpack(">I", key_blob[:4])
        key_type = key_blob[4:4 + type_length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        return None
    return SignatureKey(key_type, base64.b64encode(key_blob).decode(), key_fingerprint(key_blob))


@dataclass(frozen=True)
class Verification:
    ok: bool
    principal: str | None = None
    key: str | None = None  # fingerprint
    reason: str | None = None


def verify_many(
    items: list[tuple[bytes, str, str]], allowed_signers: bytes, entries: list[SignerEntry], *, where: str, fast: bool = True,
) -> list[Verification]:
    """Verify (payload, armored signature, claimed principal) triples as `ssh-keygen -Y verify`
    against the allowed-signers bytes does: in-process where mops.approvals.sshsig is sure of a Good
    (unless `fast` is off), the rest with ssh-keygen in parallel. `where` names the allowed-signers
    file in reasons."""
    if not items:
        return []
    results: list[Verification | None] = [None] * len(items)
    if fast:
        _verify_fast(items, allowed_signers, results)
    todo = [i for i, result in enumerate(results) if result is None]
    if not todo:
        return results  # type: ignore[return-value]
    with tempfile.TemporaryDirectory(prefix="mops-verify-") as folder:
        allowed = Path(folder, "allowed_signers")
        allowed.write_bytes(allowed_signers)

        def one(index: int) -> Verification:
            payload, armored, claimed = items[index]
            return _verify_one(payload, armored, claimed, allowed, Path(folder, f"{index}.sig"), entries, where)

        workers = min(len(todo), max(2, (os.cpu_count() or 2) * 2))
        if workers <= 1:
            done = [one(i) for i in todo]
        else:
            with ThreadPoolExecutor(workers) as pool:
                done = list(pool.map(one, todo))
    for index, result in zip(todo, done):
        results[index] = result
    return results  # type: ignore[return-value]


def _verify_fast(items: list[tuple[bytes, str, str]], allowed_signers: bytes, results: list[Verification | None]) -> None:
    """Fill in the Good verdicts mops.approvals.sshsig is sure of; leave the rest None."""
    try:
        import cryptography  # noqa: F401 - a dependency; without it everything goes to ssh-keygen
    except ImportError:
        return
    from mops.approvals.sshsig import fast_signers, verify_fast

    signers = fast_signers(allowed_signers)
    if not signers:
        return
    for index, (payload, armored, claimed) in enumerate(items):
        if verify_fast(payload, armored, claimed, SIGNATURE_NAMESPACE, signers):
            key = signature_key(armored)
            results[index] = Verification(True, principal=claimed, key=key.fingerprint if key else None)


def _verify_one(payload: bytes, armored: str, claimed: str, allowed: Path, sig_file: Path, entries: list[SignerEntry], where: str) -> Verification:
    key = signature_key(armored)
    if key is None:
        return Verification(False, reason="the signature is not an SSH signature (damaged or not one)")
    listed = entries_for_key(entries, key.key_type, key.key)
    if not listed and not any(e.cert_authority for e in entries):
        return Verification(False, key=key.fingerprint, reason=f"signed by key {key.fingerprint}, which is not in {where}")
    sig_file.write_text(armored if armored.endswith("\n") else armored + "\n")
    try:
        proc = subprocess.run(
            ["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", claimed, "-n", SIGNATURE_NAMESPACE, "-s", str(sig_file)],
            input=payload, capture_output=True, check=False,
        )
    except FileNotFoundError:
        raise UsageError("cannot run ssh-keygen", hint="install OpenSSH 8.2 or newer (ssh-keygen -Y verify)") from None
    if proc.returncode == 0 and proc.stdout.startswith(b"Good"):
        return Verification(True, principal=claimed, key=key.fingerprint)
    owners = sorted({p for e in listed for p in e.principals})
    if listed and not any(e.names(claimed) for e in listed):
        return Verification(False, key=key.fingerprint, reason=f"names {claimed} as signer, but key {key.fingerprint} belongs to {', '.join(owners)} in {where}")
    if listed and not any(e.allows(SIGNATURE_NAMESPACE) for e in listed):
        return Verification(
            False, key=key.fingerprint,
            reason=f"key {key.fingerprint} of {', '.join(owners)} may not sign approvals: its line in {where} limits namespaces (add mops-approval)",
        )
    return Verification(False, key=key.fingerprint, reason="the signature does not match the record's contents (edited after signing?) or the key is not valid now")

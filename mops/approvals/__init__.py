"""Signed approvals: `mops approve` records a decision, `mops approvals verify` proves it in CI,
`mops queue` and `mops approvals stats` show where decisions stand.

Modules: artifacts (which files need approval; user paths to workspace paths), repository (reading git), signers (the allowed-signers file), signing (ssh-keygen),
sshsig (the in-process fast path beside `ssh-keygen -Y verify`), records (record files), policy
(rules, roles, spending authority), state (one artifact's state from its records), checks (what
runs before approving), approve, verify (verify, queue, stats)."""

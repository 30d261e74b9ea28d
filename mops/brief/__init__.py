"""Campaign briefs from kickoff transcripts.

transcript -> parse (`transcript`) -> extract offline (`offline`, with `numbers`, `dates`, `channels`)
and, when a model is configured, through litellm on a scrubbed copy (`scrub`, `model`) -> merge
(`merge`) -> enrich from history (`enrich`) -> render through a sandboxed playbook (`playbooks`) ->
`briefs/<campaign>.md`. `check` reviews a brief file. Nothing here prints or knows the terminal.
"""

"""Brand voice tooling: importing Vale styles into `brand/voice.yaml` terms."""

from mops.brand.vale import ValeImport, import_vale_rule, require_convertible
from mops.brand.voice_file import merge_voice_text, render_terms, render_voice, write_voice

__all__ = ["ValeImport", "import_vale_rule", "merge_voice_text", "render_terms", "render_voice", "require_convertible", "write_voice"]

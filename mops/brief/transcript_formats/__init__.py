"""Readers of each transcript format, behind `mops.brief.transcript.load_transcript`.

`decode` turns a file's bytes into text; `plain` reads `.txt` (and the paragraphs of a `.docx`,
through `docx`); `cues` finds the timed cues that `vtt` (WebVTT) and `srt` (SubRip) share. Each
reader returns `Turn`s (`common`): a speaker and the file lines their words are on. The caller
numbers them into `Utterance`s.
"""

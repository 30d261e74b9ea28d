"""Helpers for the model-path tests: transcripts built without the parser, and an OpenAI-compatible
chat completions server on 127.0.0.1 that records what it was sent."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from mops.brief.transcript import Transcript, Utterance

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_TRANSCRIPTS = REPO / "examples" / "workspace" / "transcripts"

_LABELLED = re.compile(r"^([^:<>]{1,40}):\s+(.*)$")
_VOICE = re.compile(r"^<v ([^>]+)>(.*?)(?:</v>)?$")


def transcript_of(path: Path, shown: str | None = None) -> Transcript:
    """`Name: text` lines, or WebVTT cues written as one `<v Name>text</v>` line each."""
    utterances = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "-->" in line or line.startswith(("WEBVTT", "Kind:", "Language:", "NOTE")):
            continue
        match = _VOICE.match(line) or _LABELLED.match(line)
        if match:
            utterances.append(Utterance(id=f"u{len(utterances) + 1}", speaker=match.group(1), text=match.group(2), line=number))
    return Transcript(path=shown or path.name, format=path.suffix.lstrip("."), utterances=tuple(utterances))


def transcript_from_text(text: str, path: str = "transcripts/kickoff.txt") -> Transcript:
    """A transcript from `Name: text` lines given in the test itself."""
    utterances = []
    for number, line in enumerate(text.strip().splitlines(), 1):
        match = _LABELLED.match(line)
        assert match, line
        utterances.append(Utterance(id=f"u{len(utterances) + 1}", speaker=match.group(1), text=match.group(2), line=number))
    return Transcript(path=path, format="txt", utterances=tuple(utterances))


def prompt_lines(messages: list[dict[str, str]]) -> dict[str, tuple[str | None, str]]:
    """The numbered transcript a request carried: utterance id -> (speaker, text), as the model saw it."""
    user = next(m["content"] for m in messages if m["role"] == "user")
    lines = {}
    for line in user.split("Transcript:\n", 1)[1].splitlines():
        uid, rest = line.split(" ", 1) if " " in line else (line.rstrip(":"), "")
        speaker, _, text = rest.partition(": ")
        lines[uid.rstrip(":")] = (speaker or None, text)
    return lines


def said_in_prompt(lines: dict[str, tuple[str | None, str]], pattern: str) -> tuple[str, re.Match[str]]:
    """(utterance id, match) of the first line of the prompt's transcript matching `pattern`: a fake
    model cites what it was sent, as a real one would."""
    for uid, (_, text) in lines.items():
        found = re.search(pattern, text)
        if found:
            return uid, found
    raise AssertionError(f"nobody says {pattern!r} in the prompt")


def completion(content: str, *, prompt_tokens: int = 1200, completion_tokens: int = 300) -> dict[str, Any]:
    """An OpenAI chat completion answering `content`."""
    return {
        "id": "chatcmpl-stub", "object": "chat.completion", "created": 1_760_000_000, "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }  # fmt: skip


@dataclass
class Reply:
    """What the stub answers one request with: a status and a JSON body (or a function of the
    request's body), after an optional delay."""

    body: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
    status: int = 200
    delay: float = 0.0


@dataclass
class StubServer:
    """An OpenAI-compatible server answering POST /v1/chat/completions from a queue of replies."""

    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)  # each request's JSON body
    raw_requests: list[bytes] = field(default_factory=list)
    port: int = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def start_stub() -> tuple[StubServer, Callable[[], None]]:
    """Start the stub on a free port; returns it and the function that stops it."""
    stub = StubServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            stub.raw_requests.append(raw)
            body = json.loads(raw)
            stub.requests.append(body)
            if not self.path.endswith("/chat/completions") or not stub.replies:
                self._send(404, {"error": {"message": f"no reply queued for {self.path}", "type": "not_found"}})
                return
            reply = stub.replies.pop(0)
            if reply.delay:
                time.sleep(reply.delay)
            self._send(reply.status, reply.body(body) if callable(reply.body) else reply.body)

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stub.port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return stub, stop

"""Personal data repeated through a big file: phonenumbers reads each distinct line and number
once (mops.pii.contact), and every occurrence is still reported at its own place, read with the
region of the detector that asks."""

from __future__ import annotations

from mops.pii import PiiDetector


def _phones(detector: PiiDetector, text: str) -> list[tuple[int, str]]:
    return [(m.start, m.text) for m in detector.find(text) if m.kind == "phone"]


def test_the_same_line_repeated_is_reported_on_every_line() -> None:
    line = "Ruf uns an: 030 1234567, Montag bis Freitag.\n"
    text = line * 300
    found = _phones(PiiDetector(default_region="DE", kinds=["phone"]), text)
    assert found == [(i * len(line) + line.index("030"), "030 1234567") for i in range(300)]


def test_a_line_read_for_one_region_is_read_again_for_another() -> None:
    line = "Call us: 8 800 555 35 35 now.\n"  # a Russian free-phone number, written as Russia writes it
    assert _phones(PiiDetector(default_region="RU", kinds=["phone"]), line) == [(9, "8 800 555 35 35")]
    assert _phones(PiiDetector(default_region="US", kinds=["phone"]), line) == []
    assert _phones(PiiDetector(default_region="RU", kinds=["phone"]), line * 2) == [(9, "8 800 555 35 35"), (len(line) + 9, "8 800 555 35 35")]


def test_a_number_in_another_regions_format_is_found_in_every_context() -> None:
    # read by the other regions' parse: the same number on lines that differ
    text = "".join(f"Store {i}: call (415) 555-0132 today.\n" for i in range(200))
    found = _phones(PiiDetector(default_region="DE", kinds=["phone"]), text)
    assert [number for _, number in found] == ["(415) 555-0132"] * 200

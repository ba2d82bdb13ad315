"""Check the translation catalogues: German complete, every compiled catalogue current.

Run as ``python -m wandelnetz.core.check_catalogues`` (``make lint`` does). It exits 1 and lists
every German entry that is untranslated or fuzzy, and every ``.mo`` file that is missing or
stale; otherwise it prints a one-line summary and exits 0.

A ``.mo`` file is stale when it is older than its ``.po`` file *and* its messages differ from
the ones the ``.po`` file would compile to. The content comparison matters because a fresh
``git clone`` writes ``django.mo`` a moment before ``django.po``: an up-to-date pair may look
"older" by its timestamps alone. A ``.mo`` file whose messages differ from its ``.po`` file is
reported whatever its age.

Standard library only: the ``.po`` parser below reads what ``makemessages`` writes (flags,
``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``, ``msgstr[n]``, multi-line strings and
``#~`` obsolete entries), and the ``.mo`` reader follows the GNU gettext binary format.
"""

from __future__ import annotations

import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
GERMAN_PO = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
_STRING = re.compile(r'^"(.*)"\s*$')
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "?": "?",
    "'": "'",
}
_MO_MAGIC = {0x950412DE: "<", 0xDE120495: ">"}


class CatalogueError(ValueError):
    """A catalogue file that cannot be read."""


@dataclass
class Entry:
    """One message of a ``.po`` file."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def is_translated(self, nplurals: int = 2) -> bool:
        if self.msgid_plural is None:
            return bool(self.msgstr.get(0))
        return all(self.msgstr.get(index) for index in range(nplurals))

    @property
    def mo_key(self) -> str:
        """The original string as it is stored in a compiled catalogue."""
        key = self.msgid if self.msgid_plural is None else f"{self.msgid}\x00{self.msgid_plural}"
        return key if self.msgctxt is None else f"{self.msgctxt}\x04{key}"

    @property
    def mo_value(self) -> str:
        return "\x00".join(self.msgstr[index] for index in sorted(self.msgstr))

    def describe(self) -> str:
        text = self.msgid if self.msgid_plural is None else f"{self.msgid} / {self.msgid_plural}"
        context = f" [context {self.msgctxt!r}]" if self.msgctxt is not None else ""
        return f"{text!r}{context}"


def _unescape(text: str, path: Path, number: int) -> str:
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        escaped = next(chars, "")
        if escaped in _ESCAPES:
            out.append(_ESCAPES[escaped])
        else:
            raise CatalogueError(f"{path}:{number}: unknown escape \\{escaped}")
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a ``.po`` file, the header (``msgid ""``) first when there is one."""
    entries: list[Entry] = []
    entry = Entry()
    started = False  # the current entry has a keyword line
    has_msgstr = False
    target: tuple[str, int] | None = None  # which string continuation lines extend

    def finish() -> None:
        nonlocal entry, started, has_msgstr, target
        if started:
            if not has_msgstr:
                raise CatalogueError(f"{path}:{entry.line}: entry without msgstr")
            entries.append(entry)
        elif entry.flags:
            raise CatalogueError(f"{path}:{entry.line}: flags without an entry")
        entry, started, has_msgstr, target = Entry(), False, False, None

    def append(name: str, index: int, value: str) -> None:
        if name == "msgid":
            entry.msgid += value
        elif name == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        elif name == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        else:
            entry.msgstr[index] = entry.msgstr.get(index, "") + value

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: {error}") from error

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            if line.startswith("#~|"):
                continue  # previous msgid of an obsolete fuzzy entry
            line, obsolete = line[2:].strip(), True
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if started and has_msgstr:
                finish()  # a comment right after an entry begins the next one
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
                entry.line = entry.line or number
            continue
        match = _KEYWORD.match(line)
        if match:
            name, index, quoted = match.group(1), match.group(2), match.group(3)
            if name.startswith("msgstr"):
                name = "msgstr"
            # A new msgctxt/msgid after the msgstr of an entry begins the next entry.
            if name in ("msgctxt", "msgid") and has_msgstr:
                finish()
            if not started:
                entry.line, entry.obsolete, started = number, obsolete, True
            if name == "msgstr":
                has_msgstr = True
            target = (name, int(index) if index is not None else 0)
            append(name, target[1], _unescape(quoted[1:-1], path, number))
            continue
        string = _STRING.match(line)
        if string and target is not None:
            append(target[0], target[1], _unescape(string.group(1), path, number))
            continue
        raise CatalogueError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def nplurals(entries: list[Entry]) -> int:
    """The number of plural forms the header declares (2 when it declares none)."""
    header = next((e for e in entries if e.is_header and not e.obsolete), None)
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr.get(0, "")) if header else None
    return int(match.group(1)) if match else 2


def incomplete_entries(po_path: Path = GERMAN_PO) -> list[Entry]:
    """The live entries of a catalogue that are untranslated or fuzzy (the header excepted)."""
    entries = parse_po(po_path)
    plurals = nplurals(entries)
    return [
        entry
        for entry in entries
        if not entry.obsolete and not entry.is_header and (entry.fuzzy or not entry.is_translated(plurals))
    ]


def read_mo(mo_path: Path) -> dict[str, str]:
    """All messages of a compiled GNU gettext catalogue: original → translation."""
    try:
        data = mo_path.read_bytes()
    except OSError as error:
        raise CatalogueError(f"{mo_path}: {error}") from error
    try:
        order = _MO_MAGIC[struct.unpack("<I", data[:4])[0]]
        _, count, originals, translations = struct.unpack(order + "4I", data[4:20])
        messages = {}
        for number in range(count):
            o_len, o_off = struct.unpack(order + "2I", data[originals + 8 * number :][:8])
            t_len, t_off = struct.unpack(order + "2I", data[translations + 8 * number :][:8])
            if o_off + o_len > len(data) or t_off + t_len > len(data):
                raise CatalogueError(f"{mo_path}: truncated")
            original = data[o_off : o_off + o_len].decode("utf-8")
            messages[original] = data[t_off : t_off + t_len].decode("utf-8")
    except (KeyError, struct.error, UnicodeDecodeError) as error:
        raise CatalogueError(f"{mo_path}: not a UTF-8 GNU gettext catalogue ({error})") from error
    return messages


def expected_mo_messages(po_path: Path) -> dict[str, str]:
    """The messages ``msgfmt`` compiles from a ``.po`` file, its header left out."""
    entries = parse_po(po_path)
    # Like msgfmt: an entry whose first translation is empty is left out, even a plural one.
    return {
        entry.mo_key: entry.mo_value
        for entry in entries
        if not (entry.obsolete or entry.is_header or entry.fuzzy) and entry.msgstr.get(0)
    }


def mo_mismatches(po_path: Path, mo_path: Path) -> list[str]:
    """How a compiled catalogue differs from its ``.po`` file (empty when they agree)."""
    expected = expected_mo_messages(po_path)
    compiled = {key: value for key, value in read_mo(mo_path).items() if key != ""}
    problems = [f"missing {key.split(chr(0))[0]!r}" for key in expected if key not in compiled]
    problems += [f"extra {key.split(chr(0))[0]!r}" for key in compiled if key not in expected]
    problems += [
        f"different {key.split(chr(0))[0]!r}" for key in expected if key in compiled and compiled[key] != expected[key]
    ]
    return problems


def stale_mo_files(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """One line for each ``.po`` file whose ``.mo`` file is missing or out of date."""
    problems = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.is_file():
            problems.append(f"{mo_path}: missing (run compilemessages)")
            continue
        try:
            differences = mo_mismatches(po_path, mo_path)
        except CatalogueError as error:
            problems.append(str(error))
            continue
        if differences:
            age = "older than" if mo_path.stat().st_mtime < po_path.stat().st_mtime else "as new as"
            shown = "; ".join(differences[:5]) + (" …" if len(differences) > 5 else "")
            problems.append(
                f"{mo_path}: {age} its .po file and out of date, {len(differences)} "
                f"difference(s): {shown} (run compilemessages)"
            )
    return problems


def check(locale_dir: Path = LOCALE_DIR) -> tuple[list[str], str]:
    """The problems found (empty when all is well) and a one-line summary."""
    german = locale_dir / "de" / "LC_MESSAGES" / "django.po"
    if not german.is_file():
        return [f"{german}: missing (run makemessages)"], ""
    try:
        entries = parse_po(german)
        incomplete = incomplete_entries(german)
    except CatalogueError as error:
        return [str(error)], ""
    problems = [
        f"{german}:{entry.line}: {'fuzzy' if entry.fuzzy else 'untranslated'}: {entry.describe()}"
        for entry in incomplete
    ]
    problems += stale_mo_files(locale_dir)
    catalogues = len(list(locale_dir.glob("*/LC_MESSAGES/*.po")))
    live = sum(1 for entry in entries if not (entry.obsolete or entry.is_header))
    summary = f"Catalogues OK: {live} German messages, all translated; {catalogues} .mo file(s) up to date."
    return problems, summary


def main() -> int:
    problems, summary = check()
    if problems:
        print(f"{len(problems)} catalogue problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())

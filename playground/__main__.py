"""Command line: validate / schema / samples / rules / migrate / run.

    python -m playground validate FILE... [--as NAME] [--mode detect|request|response] [--format text|json]
                                          [--api VERSION|detect|all]
    python -m playground schema NAME [--mode request|response] [--api VERSION]
    python -m playground samples [--api VERSION] [generate --kind chat_summaries --n N --seed S]
    python -m playground rules [--api VERSION]
    python -m playground migrate FILE --to VERSION [--from VERSION] [--as NAME] [--mode request|response]
    python -m playground send FILE --chat ID [--api 3.6] [--force]
    python -m playground fetch chats|archives|threads|chat [ID] [--api 3.6] [--limit N] [--max N]
    python -m playground run            (serves the app, like `make run`)

send / fetch talk to a real LiveChat account (playground/live/cli.py): the token is read from
LIVECHAT_TOKEN only, LIVECHAT_API_URL overrides the base URL; exit 2 without a token.

--api chooses the Agent Chat API version whose models are used. validate: "detect" (the default)
checks each file as the version its fields fit and says which and why; "all" prints the verdict
under every version (the matrix). schema: default the stable version. samples and rules: default
every version. An unknown version is a usage error naming the known ones.

Exit codes: 0 no file has an error, 1 some file has an error (--api all: some file has an error
under every version, so no version takes it), 2 usage error or unreadable file.
migrate writes the migrated text on standard output and its notes on standard error; exit 0
(migrated, or nothing to change), 1 (the migrated payload has errors under the target version),
2 (usage error, unreadable file, not JSON).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

from playground.authoring.migrate import migrate
from playground.spec import catalog, limits
from playground.spec.catalog import UnknownVersion, all_samples
from playground.spec.rules import RULES
from playground.validation.report import Report
from playground.validation import MODES, modes, validate
from playground.validation.bounds import _too_large
from playground.validation.detect import DETECT, preferred
from playground.validation.versions import matrix

ALL = "all"
STABLE = preferred(catalog.VERSIONS)   # the version LiveChat's docs call stable (catalog.STATUS)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 with the usage line
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _api_version(text: str) -> str:
    """The type of --api: a version the catalog knows, else a usage error naming the known ones."""
    try:
        return catalog.check_version(text)
    except UnknownVersion as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _api_choice(text: str) -> str:
    """The type of validate's --api: a version, "detect" or "all"."""
    return text if text in (DETECT, ALL) else _api_version(text)


# --api is left out of the usage line (help=SUPPRESS); the epilog of each subcommand describes it
# (kept as written: the subparsers use RawDescriptionHelpFormatter).
def _api_epilog(default: str, extra: str = "") -> str:
    return ("API version:\n"
            "  --api VERSION         the Agent Chat API version whose models are used\n"
            f"                        (default: {default}); one of: " + ", ".join(catalog.VERSIONS) + extra)


_VALIDATE_EPILOG = _api_epilog(DETECT, ",\n                        detect (the version the file's fields fit), or all\n"
                                       "                        (the verdict under every version)")


def _add_api(parser: argparse.ArgumentParser, default: str | None, kind=_api_version) -> None:
    parser.add_argument("--api", type=kind, default=default, metavar="VERSION", help=argparse.SUPPRESS)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m playground",
                description="LiveChat Agent Chat API payload playground (v" + ", v".join(catalog.VERSIONS) + ")")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    names = catalog.names()   # of every version; main() checks the chosen version has the name
    raw = argparse.RawDescriptionHelpFormatter

    v = sub.add_parser("validate", help="validate JSON files ('-' reads standard input)",
                       epilog=_VALIDATE_EPILOG, formatter_class=raw)
    v.add_argument("files", nargs="+", metavar="FILE")
    v.add_argument("--as", dest="structure", choices=list(names), metavar="NAME",
                   help="structure name (default: detect); one of " + ", ".join(names))
    v.add_argument("--mode", choices=MODES + (modes.DETECT,), default=modes.DETECT,
                   help="detect (the default: a response when it has the fields the server adds, "
                        "id, created_at, author_id; else a request), request or response")
    v.add_argument("--format", choices=("text", "json"), default="text")
    _add_api(v, DETECT, _api_choice)

    s = sub.add_parser("schema", help="print the JSON Schema of a structure", epilog=_api_epilog(STABLE),
                       formatter_class=raw)
    s.add_argument("name", choices=list(names), metavar="NAME")
    s.add_argument("--mode", choices=MODES, default="response")
    _add_api(s, STABLE)

    sm = sub.add_parser("samples", help="list the bundled samples, or generate synthetic ones",
                        epilog=_api_epilog("every version"), formatter_class=raw)
    sm.add_argument("action", nargs="?", choices=("list", "generate"), default="list")
    _add_api(sm, None)
    sm.add_argument("rest", nargs=argparse.REMAINDER)

    ru = sub.add_parser("rules", help="list every rule id with the spec's words",
                        epilog=_api_epilog("every version"), formatter_class=raw)
    _add_api(ru, None)
    _add_migrate_parser(sub, names)
    _add_live_parsers(sub, names)
    r = sub.add_parser("run", help="serve the app (http://localhost:8501)")
    r.add_argument("--port", type=int, default=8501)
    return p


# Characters that end a line for a reader (str.splitlines, editors' problem matchers) or drive
# a terminal (ESC sequences): written as escapes, so that one issue stays one inert line.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: _NAMED.get(m.group()) or (
        f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"), text)


def _unbreakable_output() -> None:
    """A character the terminal's encoding cannot write (a lone surrogate in a pointer, any
    non-ASCII text on an ASCII terminal) is written as its backslash escape instead of ending
    the run with a UnicodeEncodeError; in --format json that escape is JSON's own."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):   # not a TextIOWrapper (tests, pipes closed)
            pass


def _read(name: str) -> tuple[bytes, int | None]:
    """At most MAX_INPUT_BYTES + 1 bytes, and the whole size when it is known (a regular file)."""
    if name == "-":
        return sys.stdin.buffer.read(limits.MAX_INPUT_BYTES + 1), None
    with open(name, "rb") as f:
        st = os.fstat(f.fileno())
        return f.read(limits.MAX_INPUT_BYTES + 1), (st.st_size if stat.S_ISREG(st.st_mode) else None)


def cmd_validate(args) -> int:
    worst = 0
    results = []
    for name in args.files:
        try:
            raw, size = _read(name)
        except OSError as e:
            print(f"{name}: cannot read: {e.strerror or e}", file=sys.stderr)
            worst = 2
            continue
        label = "<stdin>" if name == "-" else name
        if args.api == ALL:
            failed, result = _validate_all(raw, size, label, args)
        else:
            failed, result = _validate_one(raw, size, label, args)
        if failed:
            worst = max(worst, 1)
        results.append({"file": name, **result})
    if args.format == "json":
        json.dump(results if len(results) != 1 else results[0], sys.stdout, indent=2, ensure_ascii=False)
        print()
    return worst


def _too_large_report(size: int | None, args, version: str) -> Report:
    """Only a prefix was read: the report says the real size, if known."""
    return Report(args.structure, "", args.mode if args.mode in MODES else "response", None,
                  [_too_large(size)], version=version)


def _validate_one(raw: bytes, size: int | None, label: str, args) -> tuple[bool, dict]:
    """One file under one version (or the detected one): its issues and its verdict line."""
    if len(raw) > limits.MAX_INPUT_BYTES:
        rep = _too_large_report(size, args, STABLE if args.api == DETECT else args.api)
    else:
        rep = validate(raw, args.structure, args.mode, args.api)
    if args.format == "text":
        for i in rep.issues:
            # one line per issue, ending in [rule] (the documented FILE:LINE:COL: error: message [rule])
            at = f" (at {i.path})" if i.pointer else ""
            print(_one_line(f"{label}:{i.line}:{i.column}: {i.severity}: {i.message}{at}") + f" [{i.rule}]")
        print(_one_line(_verdict_line(label, rep, rep.mode)))
    return not rep.ok, rep.as_dict()


def _verdict_line(label: str, rep: Report, mode: str) -> str:
    """"FILE: valid message (response, v3.6: fits v3.4, v3.5, v3.6, v3.7); 0 error(s), 0 warning(s);
    detected by ...; version: has `visibility`, introduced in v3.4"."""
    what = rep.structure or "unknown structure"
    version = f"v{rep.version}"
    if rep.version_detected:
        version += ": fits " + ", ".join(f"v{v}" for v in rep.version_fits) if rep.version_fits else ": detected"
    line = (f"{label}: {'valid' if rep.ok else 'invalid'} {what} ({mode}, {version}); "
            f"{len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    if rep.detected_by and rep.detected_by != "chosen" and rep.structure:
        line += f"; detected {rep.detected_by}"
    if rep.version_detected and rep.version_reason:
        line += "; version: " + rep.version_reason.split("; it fits")[0].split("; no version takes")[0]
    if rep.mode_detected and rep.mode_reason:
        line += f"; mode: {rep.mode_reason}"
    return line


def _validate_all(raw: bytes, size: int | None, label: str, args) -> tuple[bool, dict]:
    """One file under every version: the matrix (one row per version). It fails when no
    version takes it without an error."""
    if len(raw) > limits.MAX_INPUT_BYTES:
        rows = [(v, _too_large_report(size, args, v)) for v in catalog.VERSIONS]
        verdicts = [{"version": v, "status": catalog.STATUS[v], "ok": False, "errors": 1, "warnings": 0,
                     "structure": None, "issues": [i.as_dict() for i in rep.issues]} for v, rep in rows]
        detected = {"version": STABLE, "version_reason": "", "version_fits": []}
        mode = args.mode if args.mode in MODES else "response"
    else:
        found = matrix(raw, args.structure, args.mode)
        verdicts = [{**row.as_dict(), "issues": [i.as_dict() for i in row.report.issues]} for row in found]
        first = found[0].report   # every row carries what detection found (versions.matrix)
        detected = {"version": preferred(first.version_fits) if first.version_fits else STABLE,
                    "version_reason": first.version_reason, "version_fits": list(first.version_fits)}
        mode = first.mode     # the one detected for every row when --mode detect
    if args.format == "text":
        _print_matrix(label, verdicts, detected, mode)
    failed = not any(row["ok"] for row in verdicts)
    return failed, {**detected, "ok": not failed, "matrix": verdicts}


def _print_matrix(label: str, verdicts: list[dict], detected: dict, mode: str) -> None:
    print(_one_line(f"{label}: under every version ({mode}):"))
    for row in verdicts:
        words = _cell_words(row)
        mark = "  <- detected" if row["version"] == detected["version"] else ""
        fits = "fits" if row["version"] in detected["version_fits"] else ""
        print(_one_line(f"  v{row['version']:4} {row['status']:15} {row['structure'] or '-':20} {words:24}"
                        f" {fits:4}{mark}").rstrip())
    if detected["version_reason"]:
        print(_one_line(f"  detected: v{detected['version']}: {detected['version_reason']}"))


def _cell_words(row: dict) -> str:
    """"valid", "valid, 2 warnings", "3 errors, 1 warning" (as versions.Verdict.words)."""
    parts = [] if row["errors"] else ["valid"]
    if row["errors"]:
        parts.append(f"{row['errors']} error{'s' * (row['errors'] != 1)}")
    if row["warnings"]:
        parts.append(f"{row['warnings']} warning{'s' * (row['warnings'] != 1)}")
    return ", ".join(parts)


def cmd_schema(args) -> int:
    print(json.dumps(catalog.get(args.api, args.name).json_schema(args.mode), indent=2, ensure_ascii=False))
    return 0


def cmd_samples(args) -> int:
    if args.action == "generate":
        # imported here, not at the top: it pulls in pandas, which `validate` does not need
        from playground.presentation.generate import cli_generate
        return cli_generate(args.rest)
    root = Path(__file__).resolve().parent.parent
    for version in ([args.api] if args.api else catalog.VERSIONS):
        for name, path in all_samples(version):
            try:
                shown = path.relative_to(root)
            except ValueError:
                shown = path
            print(f"{version:4} {name:20} {shown}")
    return 0


def cmd_rules(args) -> int:
    for r in RULES.values():
        if args.api and r.versions is not None and args.api not in r.versions:
            continue
        versions = ", ".join(r.versions) if r.versions is not None else "all"
        print(f"{r.id:30} {r.severity:8} {r.title}" + ("" if args.api else f"  (versions: {versions})"))
        if r.spec:
            print(f"{'':30} spec: {r.spec}")
    return 0


def _add_migrate_parser(sub, names: tuple[str, ...]) -> None:
    m = sub.add_parser("migrate", help="convert a payload to another API version (text on stdout, notes on stderr)")
    m.add_argument("file", metavar="FILE", help="a JSON file ('-' reads standard input)")
    m.add_argument("--to", dest="target", type=_api_version, required=True, metavar="VERSION",
                   help="the version to migrate to; one of " + ", ".join(catalog.VERSIONS))
    m.add_argument("--from", dest="source", type=_api_version, default=None, metavar="VERSION",
                   help="the version the payload is written for (default: detect)")
    m.add_argument("--as", dest="structure", choices=list(names), metavar="NAME",
                   help="structure name, in any version's naming (default: detect)")
    m.add_argument("--mode", choices=MODES, default="response")


LIVE_VERSIONS = ("3.4", "3.5", "3.6", "3.7")    # what the live API speaks (playground.live.client.VERSIONS)
LIVE_EPILOG = ("The token is read from the environment only: LIVECHAT_TOKEN=<account_id>:<pat>, its Base64\n"
               "form, or 'Bearer <token>'. LIVECHAT_API_URL overrides https://api.livechatinc.com.")


def _live_version(text: str) -> str:
    if text not in LIVE_VERSIONS:
        raise argparse.ArgumentTypeError(
            f"the live API speaks {', '.join(LIVE_VERSIONS)}"
            + (f"; v{text} is decommissioned (it answers unsupported_version)" if text in ("3.2", "3.3") else ""))
    return text


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _add_live_parsers(sub, names: tuple[str, ...]) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    s = sub.add_parser("send", help="send an event to a chat of your LiveChat account (send_event)",
                       epilog=LIVE_EPILOG, formatter_class=raw)
    s.add_argument("file", metavar="FILE", help="the event, a JSON file ('-' reads standard input)")
    s.add_argument("--chat", required=True, metavar="ID", help="the chat id")
    s.add_argument("--api", type=_live_version, default="3.6", metavar="VERSION",
                   help="API version, one of " + ", ".join(LIVE_VERSIONS) + " (default 3.6)")
    s.add_argument("--as", dest="structure", choices=list(names), metavar="NAME", help="event type (default: detect)")
    s.add_argument("--force", action="store_true", help="send even when the event has errors")
    f = sub.add_parser("fetch", help="fetch chats from your LiveChat account, every page merged into one JSON document",
                       epilog=LIVE_EPILOG, formatter_class=raw)
    f.add_argument("what", choices=("chats", "archives", "threads", "chat"))
    f.add_argument("id", nargs="?", metavar="ID", help="the chat id (chat, threads)")
    f.add_argument("--api", type=_live_version, default="3.6", metavar="VERSION",
                   help="API version, one of " + ", ".join(LIVE_VERSIONS) + " (default 3.6)")
    f.add_argument("--limit", type=_positive, default=100, metavar="N", help="items per page (at most 100; default 100)")
    f.add_argument("--max", type=_positive, default=None, metavar="N", help="stop after N items (default: every page)")
    f.add_argument("--active", action=argparse.BooleanOptionalAction, default=None,
                   help="chats: only active (--active) or only inactive (--no-active) chats")
    f.add_argument("--query", default=None, help="archives: the search query")


def cmd_send(args) -> int:
    # imported here, not at the top: requests costs ~0.3 s that validate does not need
    from playground.live import cli as live_cli
    return live_cli.cmd_send(args, _read)


def cmd_fetch(args) -> int:
    if args.limit > 100:
        print("--limit: the API gives at most 100 items a page", file=sys.stderr)
        return 2
    from playground.live import cli as live_cli
    return live_cli.cmd_fetch(args)


def cmd_migrate(args) -> int:
    """The migrated text on standard output (byte for byte what migrate() gives), the notes on
    standard error, one line each."""
    label = "<stdin>" if args.file == "-" else args.file
    try:
        raw, size = _read(args.file)
    except OSError as e:
        print(f"{label}: cannot read: {e.strerror or e}", file=sys.stderr)
        return 2
    if len(raw) > limits.MAX_INPUT_BYTES:
        print(_one_line(f"{label}: not migrated: {_too_large(size).message}"), file=sys.stderr)
        return 2
    result = migrate(raw, args.target, args.source, args.structure, mode=args.mode)
    if result.problem is None:
        _write_exactly(result.text)
    for note in result.notes:
        print(_one_line(f"{label}: {note}"), file=sys.stderr)
    if result.problem is not None:
        return 2
    what = result.structure or "unknown structure"
    verdict = "migrated" if result.changed else "nothing to change"
    errors = len(result.report.errors) if result.report is not None else 0
    print(_one_line(f"{label}: {verdict}, v{result.source} -> v{result.target} ({what}, {args.mode}); "
                    f"{errors} error(s) under v{result.target}"), file=sys.stderr)
    return 1 if errors else 0


def _write_exactly(text: str) -> None:
    """The text as UTF-8 bytes, line ends and all, whatever the terminal's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8", "surrogatepass"))
        buffer.flush()


def cmd_run(args) -> int:
    app = Path(__file__).resolve().parent / "app" / "main.py"
    return subprocess.call([sys.executable, "-m", "streamlit", "run", str(app),
                            "--server.port", str(args.port)])


def _check_name_in_version(parser: argparse.ArgumentParser, args) -> None:
    """A structure name (--as, schema NAME) that the chosen --api version lacks is a usage error
    (with detect or all, the name only has to be a structure of some version)."""
    name = getattr(args, "structure", None) if args.cmd == "validate" else getattr(args, "name", None)
    if args.api in (DETECT, ALL):
        return
    if name is not None and name not in catalog.structures(args.api):
        parser.error(f"{name!r} is not a structure of API v{args.api}; one of: "
                     + ", ".join(catalog.structures(args.api)))


def main(argv: list[str] | None = None) -> int:
    _unbreakable_output()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.cmd in ("validate", "schema"):
        _check_name_in_version(parser, args)
    try:
        return {"validate": cmd_validate, "schema": cmd_schema, "samples": cmd_samples,
                "rules": cmd_rules, "migrate": cmd_migrate, "run": cmd_run,
                "send": cmd_send, "fetch": cmd_fetch}[args.cmd](args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""Command line: validate / schema / samples / rules / migrate / run.

    python -m playground validate FILE... [--as NAME] [--mode request|response] [--format text|json]
                                          [--api VERSION]
    python -m playground schema NAME [--mode request|response] [--api VERSION]
    python -m playground samples [generate --kind chat_summaries --n N --seed S]
    python -m playground rules
    python -m playground migrate FILE --to VERSION [--from VERSION] [--as NAME] [--mode request|response]
    python -m playground run            (serves the app, like `make run`)

--api chooses the Agent Chat API version whose models are used (default: catalog.DEFAULT_VERSION);
an unknown version is a usage error naming the known ones.

Exit codes: 0 no file has an error, 1 some file has an error, 2 usage error or unreadable file.
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
from playground.validation import MODES, validate
from playground.validation.bounds import _too_large


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


# --api is left out of the usage line (help=SUPPRESS), which stays as it was before there was a
# choice of version; the epilog of validate and schema describes it (kept as written: the
# subparsers use RawDescriptionHelpFormatter, which changes only how the epilog is laid out).
_API_EPILOG = ("API version:\n"
               "  --api VERSION         the Agent Chat API version whose models are used\n"
               f"                        (default: {catalog.DEFAULT_VERSION}); one of: " + ", ".join(catalog.VERSIONS))


def _add_api(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api", type=_api_version, default=catalog.DEFAULT_VERSION, metavar="VERSION",
                        help=argparse.SUPPRESS)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m playground",
                description=f"LiveChat Agent Chat API v{catalog.DEFAULT_VERSION} payload playground")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    names = catalog.names()   # of every version; main() checks the chosen version has the name

    v = sub.add_parser("validate", help="validate JSON files ('-' reads standard input)", epilog=_API_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("files", nargs="+", metavar="FILE")
    v.add_argument("--as", dest="structure", choices=list(names), metavar="NAME",
                   help="structure name (default: detect); one of " + ", ".join(names))
    v.add_argument("--mode", choices=MODES, default="response")
    v.add_argument("--format", choices=("text", "json"), default="text")
    _add_api(v)

    s = sub.add_parser("schema", help="print the JSON Schema of a structure", epilog=_API_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("name", choices=list(names), metavar="NAME")
    s.add_argument("--mode", choices=MODES, default="response")
    _add_api(s)

    sm = sub.add_parser("samples", help="list the bundled samples, or generate synthetic ones")
    sm.add_argument("action", nargs="?", choices=("list", "generate"), default="list")
    sm.add_argument("rest", nargs=argparse.REMAINDER)

    sub.add_parser("rules", help="list every rule id with the spec's words")
    _add_migrate_parser(sub, names)
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
        if len(raw) > limits.MAX_INPUT_BYTES:   # only a prefix was read: say the real size, if known
            rep = Report(args.structure, "", args.mode, None, [_too_large(size)], version=args.api)
        else:
            rep = validate(raw, args.structure, args.mode, args.api)
        if not rep.ok:
            worst = max(worst, 1)
        if args.format == "json":
            results.append({"file": name, **rep.as_dict()})
            continue
        label = "<stdin>" if name == "-" else name
        for i in rep.issues:
            # one line per issue, ending in [rule] (the documented FILE:LINE:COL: error: message [rule])
            at = f" (at {i.path})" if i.pointer else ""
            print(_one_line(f"{label}:{i.line}:{i.column}: {i.severity}: {i.message}{at}") + f" [{i.rule}]")
        what = rep.structure or "unknown structure"
        n_err, n_warn = len(rep.errors), len(rep.warnings)
        verdict = "valid" if rep.ok else "invalid"
        print(_one_line(f"{label}: {verdict} {what} ({args.mode}); {n_err} error(s), {n_warn} warning(s)"
              + (f"; detected {rep.detected_by}" if rep.detected_by and rep.detected_by != "chosen" and rep.structure else "")))
    if args.format == "json":
        json.dump(results if len(results) != 1 else results[0], sys.stdout, indent=2, ensure_ascii=False)
        print()
    return worst


def cmd_schema(args) -> int:
    print(json.dumps(catalog.get(args.api, args.name).json_schema(args.mode), indent=2, ensure_ascii=False))
    return 0


def cmd_samples(args) -> int:
    if args.action == "generate":
        # imported here, not at the top: it pulls in pandas, which `validate` does not need
        from playground.presentation.generate import cli_generate
        return cli_generate(args.rest)
    root = Path(__file__).resolve().parent.parent
    for name, path in all_samples():
        try:
            shown = path.relative_to(root)
        except ValueError:
            shown = path
        print(f"{name:20} {shown}")
    return 0


def cmd_rules(args) -> int:
    for r in RULES.values():
        print(f"{r.id:30} {r.severity:8} {r.title}")
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
    """A structure name (--as, schema NAME) that the chosen --api version lacks is a usage error."""
    name = getattr(args, "structure", None) if args.cmd == "validate" else getattr(args, "name", None)
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
                "rules": cmd_rules, "migrate": cmd_migrate, "run": cmd_run}[args.cmd](args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

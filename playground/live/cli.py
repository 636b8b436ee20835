"""`python -m playground send` and `fetch`: the command line of the live API (the parsers are in
playground/__main__.py; it imports this module only when one of these commands runs, since
`requests` costs a few hundred milliseconds that `validate` does not need).

The token comes from the environment only (LIVECHAT_TOKEN: `<account_id>:<pat>`, its Base64
form, or `Bearer <token>`), never from a flag (flags end up in shell history and in `ps`);
LIVECHAT_API_URL overrides the base URL.

Exit codes: 0 done; 1 the event has errors under the target version (nothing sent; --force
sends anyway) or the API refused / could not be reached; 2 usage: no token, an unreadable file,
a text that is no event.
"""
from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO

from playground.live import client as live
from playground.live import outgoing
from playground.spec import limits

NO_TOKEN = (f"No token: set {live.TOKEN_ENV} to `<account_id>:<personal access token>`, its Base64 form, "
            f"or `Bearer <access token>` (the token is read from the environment only, never from a flag). "
            "A Personal Access Token is made in the LiveChat Developer Console; it needs the scope "
            "chats--all:ro or chats--access:ro to read chats, chats--all:rw or chats--access:rw to send events.")


def _client(args, err: TextIO) -> live.Client | None:
    text = os.environ.get(live.TOKEN_ENV, "")
    if not text.strip():
        print(NO_TOKEN, file=err)
        return None
    try:
        creds = live.parse_token(text)
    except live.TokenFormatError as exc:
        print(f"{live.TOKEN_ENV}: {exc}", file=err)
        return None
    return live.Client(creds, version=args.api, base_url=live.base_url_from_env())


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    print()


def cmd_send(args, read) -> int:
    err = sys.stderr
    label = "<stdin>" if args.file == "-" else args.file
    try:
        raw, _ = read(args.file)
    except OSError as e:
        print(f"{label}: cannot read: {e.strerror or e}", file=err)
        return 2
    if len(raw) > limits.MAX_INPUT_BYTES:
        print(f"{label}: more than {limits.MAX_INPUT_BYTES // (1024 * 1024)} MB: not sent.", file=err)
        return 2
    ready = outgoing.prepare_event(raw, args.api, args.structure)
    for note in ready.notes():
        print(f"{label}: {note.replace('`', '')}", file=err)
    for i in ready.report.issues:
        print(f"{label}:{i.line}:{i.column}: {i.severity}: {i.message} [{i.rule}]", file=err)
    if ready.problem is not None and not (args.force and ready.forceable):
        print(f"{label}: not sent: {ready.problem}.", file=err)
        return 2 if ready.event is None else 1
    if not ready.report.ok and not args.force:
        print(f"{label}: not sent: {len(ready.report.errors)} error(s) under v{args.api} (request). "
              "Fix them, or pass --force to send it anyway and see what the API says.", file=err)
        return 1
    api = _client(args, err)
    if api is None:
        return 2
    try:
        answer = api.send_event(args.chat, ready.event)
    except live.LiveChatError as exc:
        print(f"{label}: {exc.explain()}", file=err)
        if not ready.report.ok:
            print(f"{label}: {outgoing.comparison(ready.report, error=exc)}", file=err)
        return 1
    finally:
        api.close()
    _print_json(answer)
    if not ready.report.ok:
        print(f"{label}: {outgoing.comparison(ready.report, answer=answer)}", file=err)
    return 0


def cmd_fetch(args) -> int:
    err = sys.stderr
    if args.what == "chat" and not args.id:
        print("fetch chat needs the chat id: python -m playground fetch chat ID", file=err)
        return 2
    api = _client(args, err)
    if api is None:
        return 2

    def progress(pages: int, items: int, found: Any) -> None:
        of = f" of about {found}" if isinstance(found, int) else ""
        print(f"page {pages}: {items}{of} {'threads' if args.what == 'threads' else 'chats'}", file=err)

    try:
        if args.what == "chat":
            result = api.get_chat(args.id)
        else:
            method = {"chats": "list_chats", "archives": "list_archives", "threads": "list_threads"}[args.what]
            body: dict[str, Any] = {"limit": args.limit}
            if args.active is not None and args.what == "chats":
                body["filters"] = {"active": args.active}
            if args.query and args.what == "archives":
                body["filters"] = {"query": args.query}
            result = api.fetch_all(method, body, cap=args.max, progress=progress,
                                   chat_id=args.id if args.what == "threads" else None)
    except live.LiveChatError as exc:
        print(exc.explain(), file=err)
        return 1
    finally:
        api.close()
    _print_json(result)
    key = live.items_key(result) if isinstance(result, dict) and args.what != "chat" else None
    found = result.get("found_chats", result.get("found_threads")) if key else None
    if key and args.max is not None and len(result[key]) >= args.max and isinstance(found, int) and found > args.max:
        print(f"stopped at --max {args.max} of about {found}", file=err)
    return 0

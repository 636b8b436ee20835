"""How fast is validate()? Median time per payload, next to jsonschema and bare json.loads.

    .venv/bin/python benchmarks/validate.py [--quick] [--big]

For every bundled sample and for a message whose text is exactly 16 KB (the spec's limit), this
prints the median time of

  validate    playground.validate(text)  (detection, model, spec warnings, positions when needed)
  jsonschema  json.loads(text) + list(Draft202012Validator(schema).iter_errors(data)), where
              schema is the catalog's Structure.json_schema(mode); the validator is built once
  json.loads  json.loads(text), the floor: nothing can check a text without reading it

and two ratios: how many times faster validate is than jsonschema (aim: >= 20x) and how many
times slower it is than json.loads (aim: <= 3x for valid payloads). Beside them, the versions:

  detect      validate(text, version="detect")  (the CLI's and the editor's default)
  all (6)     versions.matrix(text): the verdict under every version, `validate --api all`
  all/one     matrix over one version's validate (issue 15's aim: <= 2x)
 The three are timed in
interleaved rounds, so that other work on the machine slows them alike. `--big` adds a valid 2.5 MB
chat_summaries list (validated in full). The figures depend on the machine; the ratios less so.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jsonschema import Draft202012Validator  # noqa: E402

from playground import validate  # noqa: E402
from playground.spec.catalog import VERSIONS  # noqa: E402
from playground.validation.versions import matrix  # noqa: E402
from playground.spec.catalog import STRUCTURES, all_samples  # noqa: E402
from playground.spec.limits import MAX_TEXT_BYTES  # noqa: E402

AIM_VS_JSONSCHEMA = 20.0
AIM_VS_LOADS = 3.0
AIM_ALL_VS_ONE = 2.0
AIM_WORST_VS_LOADS = 5.0   # issue 15: no payload over 5x json.loads
BIG_BYTES = 3000           # issue 15: the jsonschema aim holds for payloads of 3 KB and more


def timings(fns: list, repeat: int, budget: float) -> list[tuple[float, float]]:
    """(median, min) time of one call of each function.

    Rounds are interleaved (a round of each function, then the next round of each), so that
    a machine busy with other work slows all three alike and the ratios stay meaningful."""
    timers = [timeit.Timer(fn) for fn in fns]
    numbers = []
    for timer in timers:
        n, t = timer.autorange()
        numbers.append(max(1, int(n * budget / max(t, 1e-9))))
    rounds: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for timer, number, out in zip(timers, numbers, rounds):
            out.append(timer.timeit(number) / number)
    return [(statistics.median(r), min(r)) for r in rounds]


def message_16k() -> str:
    """A returned message whose text is exactly MAX_TEXT_BYTES in UTF-8 (ASCII and 4-byte emoji)."""
    unit = "Hello there! 😁 "             # 13 ASCII + 4 + 1 = 18 bytes
    text = unit * (MAX_TEXT_BYTES // len(unit.encode()))
    text += "x" * (MAX_TEXT_BYTES - len(text.encode()))
    assert len(text.encode()) == MAX_TEXT_BYTES
    sample = json.loads((ROOT / "samples/events/message.json").read_text())
    sample["text"] = text
    return json.dumps(sample, indent=2, ensure_ascii=False)


def big_chat_summaries(n: int = 700) -> str:
    one = json.loads((ROOT / "samples/chats/chat_summary.json").read_text())
    one["properties"] = one.pop("properites")   # the spec sample's typo would give n warnings
    items = []
    for i in range(n):
        item = json.loads(json.dumps(one))
        item["id"] = f"CHAT{i:06d}"
        items.append(item)
    return json.dumps(items, indent=2)


def cases(big: bool):
    for name, path in all_samples():
        yield f"{name} ({path.name})", name, path.read_text()
    yield "message (16 KB text)", "message", message_16k()
    if big:
        yield "chat_summaries (2.5 MB, 700 items)", "chat_summaries", big_chat_summaries()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="shorter rounds (noisier figures)")
    ap.add_argument("--big", action="store_true", help="add a valid 2.5 MB chat_summaries payload")
    args = ap.parse_args(argv)
    repeat, budget = (5, 0.05) if args.quick else (7, 0.2)

    validators = {}
    rows = []
    print(f"{'payload':40} {'bytes':>9} {'validate':>10} {'jsonschema':>11} {'json.loads':>11}"
          f" {'vs jsonschema':>14} {'vs loads':>9} {'detect':>9} {f'all ({len(VERSIONS)})':>10} {'all/one':>8}  issues")
    for label, name, text in cases(args.big):
        st = STRUCTURES[name]
        if name not in validators:
            validators[name] = Draft202012Validator(st.json_schema("response"))
        v = validators[name]
        rep = validate(text)
        assert rep.structure == name, (label, rep.structure)

        def run_jsonschema(text=text, v=v, wrapper=st.wrapper):
            data = json.loads(text)
            if wrapper and isinstance(data, dict) and set(data) == {wrapper}:
                data = data[wrapper]
            return list(v.iter_errors(data))

        (t_val, m_val), (t_js, m_js), (t_ld, m_ld), (t_det, _), (t_all, m_all) = timings(
            [lambda: validate(text), run_jsonschema, lambda: json.loads(text),
             lambda: validate(text, version="detect"), lambda: matrix(text)], repeat, budget)
        faster, slower = t_js / t_val, t_val / t_ld
        rows.append((label, rep.ok, faster, slower, m_js / m_val, m_val / m_ld, t_all / t_val, m_all / m_val,
                     len(text.encode())))
        print(f"{label:40} {len(text.encode()):>9,} {t_val * 1e6:>8.1f}us {t_js * 1e6:>9.1f}us "
              f"{t_ld * 1e6:>9.1f}us {faster:>13.1f}x {slower:>8.2f}x {t_det * 1e6:>7.1f}us "
              f"{t_all * 1e6:>8.1f}us {t_all / t_val:>7.2f}x  {len(rep.errors)}E {len(rep.warnings)}W")

    valid = [r for r in rows if r[1]]
    print()
    print(f"median over {len(rows)} payloads: {statistics.median(r[2] for r in rows):.1f}x faster than "
          f"jsonschema (aim >= {AIM_VS_JSONSCHEMA:g}x), {statistics.median(r[3] for r in valid):.2f}x json.loads "
          f"for valid payloads (aim <= {AIM_VS_LOADS:g}x)")
    print(f"the same from the fastest rounds (less sensitive to a busy machine): "
          f"{statistics.median(r[4] for r in rows):.1f}x faster than jsonschema, "
          f"{statistics.median(r[5] for r in valid):.2f}x json.loads")
    print(f"the matrix (--api all, {len(VERSIONS)} versions): {statistics.median(r[6] for r in rows):.2f}x one "
          f"version's validate, median over the payloads (fastest rounds: {statistics.median(r[7] for r in rows):.2f}x; "
          f"issue 15's aim <= {AIM_ALL_VS_ONE:g}x); worst {max(r[6] for r in rows):.2f}x")
    worst = max(rows, key=lambda r: r[3])
    print(f"vs json.loads over all {len(rows)} payloads: median {statistics.median(r[3] for r in rows):.2f}x "
          f"(aim <= {AIM_VS_LOADS:g}x), worst {worst[3]:.2f}x, {worst[0]} (aim <= {AIM_WORST_VS_LOADS:g}x)")
    big = [r for r in rows if r[8] >= BIG_BYTES]
    print(f"vs jsonschema on the {len(big)} payloads of {BIG_BYTES // 1000} KB and more (aim >= {AIM_VS_JSONSCHEMA:g}x each): "
          + ", ".join(f"{r[0]} {r[8] / 1000:.1f} KB {r[2]:.1f}x" for r in big))
    miss_js = [r[0] for r in rows if r[2] < AIM_VS_JSONSCHEMA]
    miss_ld = [r[0] for r in valid if r[3] > AIM_VS_LOADS]
    print("below the jsonschema aim: " + (", ".join(miss_js) or "none"))
    print("above the json.loads aim: " + (", ".join(miss_ld) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

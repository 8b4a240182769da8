"""Reads lib/support/constructs.def, the table of every construct and what each target
makes of it, for scripts/gen-targets-doc.py and the schema test of the settings.

`read()` returns (settings, constructs): lists of dicts with the columns the .def names.
A row this reader cannot read is an error, not a row left out: every `MLPC_SETTING(` or
`MLPC_CONSTRUCT(` outside the preprocessor lines must parse.
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEF = ROOT / "lib/support/constructs.def"
SETTING_COLUMNS = ["key", "ast", "merged", "task", "parse", "merge", "pipeline_task",
                   "argo", "argo_refusals", "kfp", "kfp_refusals"]
CONSTRUCT_COLUMNS = ["name", "argo", "argo_refusals", "kfp", "kfp_refusals"]


def _strip(text):
    """The text without // comments and preprocessor lines, strings kept."""
    out, i, n = [], 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and text[i:].lstrip(" ").startswith("#"):
            while i < n and text[i] != "\n":
                i += 1
            continue
        at_line_start = c == "\n"
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _args(body):
    """The macro's arguments: identifiers as written, adjacent string literals joined."""
    args, cur, i = [], [], 0
    while i < len(body):
        c = body[i]
        if c == '"':
            j = i + 1
            while body[j] != '"':
                j += 2 if body[j] == "\\" else 1
            cur.append(("s", body[i + 1:j].replace('\\"', '"').replace("\\\\", "\\")))
            i = j + 1
        elif c == ",":
            args.append(cur)
            cur = []
            i += 1
        elif c.isspace():
            i += 1
        else:
            j = i
            while j < len(body) and body[j] not in ',"' and not body[j].isspace():
                j += 1
            cur.append(("w", body[i:j]))
            i = j
    args.append(cur)
    values = []
    for parts in args:
        kinds = {k for k, _ in parts}
        if len(kinds) != 1 or (kinds == {"w"} and len(parts) != 1):
            raise SystemExit(f"{DEF}: cannot read the argument {parts!r}")
        values.append("".join(v for _, v in parts))
    return values


def read():
    text = _strip(DEF.read_text())
    rows = {"MLPC_SETTING": [], "MLPC_CONSTRUCT": []}
    columns = {"MLPC_SETTING": SETTING_COLUMNS, "MLPC_CONSTRUCT": CONSTRUCT_COLUMNS}
    i = 0
    while True:
        starts = [(text.find(m + "(", i), m) for m in rows]
        starts = [(s, m) for s, m in starts if s >= 0]
        if not starts:
            break
        start, macro = min(starts)
        j = start + len(macro) + 1
        while text[j] != ")":
            if text[j] == '"':
                j += 1
                while text[j] != '"':
                    j += 2 if text[j] == "\\" else 1
            j += 1
        values = _args(text[start + len(macro) + 1:j])
        if len(values) != len(columns[macro]):
            raise SystemExit(f"{DEF}: a {macro} row has {len(values)} columns, not {len(columns[macro])}")
        rows[macro].append(dict(zip(columns[macro], values)))
        i = j + 1
    return rows["MLPC_SETTING"], rows["MLPC_CONSTRUCT"]

"""Checks, normalises and compares executed notebooks; execute-notebooks.sh calls it (see docs/notebooks.md).

  check EXECUTED              fail unless every code cell ran, with no error output and nothing on stderr
  normalise EXECUTED OUT      write EXECUTED to OUT with its volatile parts normalised (the committed form)
  compare COMMITTED FRESH     fail unless COMMITTED has the same cells, the same outputs per cell (kind, stream name,
                              MIME types), the same normalised text and the same image sizes as FRESH; in a cell
                              tagged `numbers-vary` (sizes of images an encoder made) the numbers are left out

`--root DIR` (normalise, compare): the checkout's absolute path, replaced by `<repo>` in output text.
Only the standard library: the comparison also runs where Jupyter is not installed.
"""
import argparse
import json
import re
import sys

TEXT_MIME = re.compile(r"^text/|\+xml$|^application/(?:json|javascript)$")
# What changes between two runs of the same notebook on different machines. The notebooks print deterministic
# things (the local server numbers its request ids); these are the safety net.
VOLATILE = [
    (re.compile(r"\b(127\.0\.0\.1|localhost|\[::1\]):\d+"), r"\1:<port>"),
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?"), "<timestamp>"),
    (re.compile(r"\b\d+(?:\.\d+)? ?ms\b"), "<duration>"),
]


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def joined(value):
    return "".join(value) if isinstance(value, list) else value


def code_cells(notebook):
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def describe(number, cell):
    source = joined(cell["source"]).strip()
    return f"code cell {number} ({source.splitlines()[0][:60] if source else 'empty'})"


def problems(notebook):
    """Why an executed notebook is not clean: tslab reports a failing cell only on its stderr (docs/notebooks.md §2)."""
    found = []
    for number, cell in enumerate(code_cells(notebook), start=1):
        where = describe(number, cell)
        # tslab leaves execution_count empty; nbclient's timing metadata says whether the kernel answered the cell.
        if cell.get("execution_count") is None and "shell.execute_reply" not in cell.get("metadata", {}).get("execution", {}):
            found.append(f"{where}: did not run")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append(f"{where}: {output.get('ename')}: {output.get('evalue')}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = joined(output.get("text", "")).strip()
                found.append(f"{where} wrote to stderr:\n    " + "\n    ".join(text.splitlines()[:12]))
    return found


def normalise_text(text, root):
    if root:
        text = text.replace(root.rstrip("/"), "<repo>")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def split_lines(text):
    """nbformat's on-disk form of a multi-line string: a list of lines, each keeping its newline."""
    return text.splitlines(keepends=True)


def normalise_outputs(outputs, root):
    result = []
    for output in outputs:
        output = dict(output)
        if output["output_type"] == "stream":
            # How console.log calls are split into messages depends on timing: one stream output per name and run.
            # Merged before normalising, so a port or a path split over two messages is still found.
            if result and result[-1]["output_type"] == "stream" and result[-1]["name"] == output["name"]:
                result[-1]["text"] = joined(result[-1]["text"]) + joined(output["text"])
                continue
            output["text"] = joined(output["text"])
        elif "data" in output:
            output["data"] = {
                mime: split_lines(normalise_text(joined(value), root)) if TEXT_MIME.search(mime) else value
                for mime, value in output["data"].items()
            }
            output.pop("transient", None)
        result.append(output)
    for output in result:
        if output["output_type"] == "stream":
            output["text"] = split_lines(normalise_text(output["text"], root))
    return result


def normalise(notebook, root):
    """The committed form: no timings, no execution counts, volatile text replaced, streams merged."""
    for index, cell in enumerate(notebook["cells"]):
        cell.setdefault("id", f"cell-{index:02d}")
        cell["source"] = split_lines(joined(cell["source"]))
        cell.get("metadata", {}).pop("execution", None)
        if cell["cell_type"] == "code":
            cell["execution_count"] = None
            cell["outputs"] = normalise_outputs(cell.get("outputs", []), root)
    return notebook


def dumps(notebook):
    # nbformat's own writer settings, so a notebook saved from Jupyter and one written here differ only in content.
    return json.dumps(notebook, sort_keys=True, indent=1, separators=(",", ": "), ensure_ascii=False) + "\n"


def png_size(base64_data):
    import base64

    header = base64.b64decode(joined(base64_data)[:44])
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def signature(output):
    """An output's kind: what must match between the committed and the fresh notebook."""
    kind = output["output_type"]
    if kind == "stream":
        return f"stream/{output['name']}"
    if kind == "error":
        return f"error/{output.get('ename')}"
    return f"{kind}[{', '.join(sorted(output.get('data', {})))}]"


def first_difference(committed, fresh):
    old, new = committed.splitlines(), fresh.splitlines()
    for line, (a, b) in enumerate(zip(old, new), start=1):
        if a != b:
            return f"line {line}:\n      committed: {a[:160]}\n      fresh:     {b[:160]}"
    return f"committed has {len(old)} lines, fresh has {len(new)}"


NUMBER = re.compile(r"\d[\d,.]*")


def without_numbers(value):
    """Text with its numbers masked, and the padding and rules of plain-text tables, whose widths follow them."""
    return re.sub(r"-{2,}", "-", re.sub(r"[ \t]+", " ", NUMBER.sub("#", joined(value))))


def output_differences(where, committed, fresh, numbers_vary):
    # sharp's encoders may not give the same bytes on every CPU, so where a cell prints their sizes the words must
    # match and the numbers may not.
    text = without_numbers if numbers_vary else joined
    found = []
    for number, (old, new) in enumerate(zip(committed, fresh), start=1):
        if old["output_type"] == "stream":
            if text(old["text"]) != text(new["text"]):
                found.append(f"{where}, output {number} (stream) differs at {first_difference(text(old['text']), text(new['text']))}")
            continue
        for mime, value in old.get("data", {}).items():
            other = new["data"][mime]
            if TEXT_MIME.search(mime):
                if text(value) != text(other):
                    found.append(f"{where}, output {number} ({mime}) differs at {first_difference(text(value), text(other))}")
            elif mime == "image/png" and png_size(value) != png_size(other):
                found.append(f"{where}, output {number}: picture is {png_size(value)} committed, {png_size(other)} fresh")
    return found


def differences(committed, fresh):
    """Why COMMITTED is stale against FRESH: cells, output kinds, normalised text, picture sizes."""
    old_cells, new_cells = committed["cells"], fresh["cells"]
    if len(old_cells) != len(new_cells):
        return [f"committed has {len(old_cells)} cells, fresh has {len(new_cells)}"]
    found = []
    number = 0
    for index, (old, new) in enumerate(zip(old_cells, new_cells), start=1):
        if old["cell_type"] != new["cell_type"] or joined(old["source"]) != joined(new["source"]):
            found.append(f"cell {index}: the source or type differs")
            continue
        if old["cell_type"] != "code":
            continue
        number += 1
        where = describe(number, old)
        old_kinds = [signature(output) for output in old.get("outputs", [])]
        new_kinds = [signature(output) for output in new.get("outputs", [])]
        if old_kinds != new_kinds:
            found.append(f"{where}: committed outputs {old_kinds or 'none'}, fresh outputs {new_kinds or 'none'}")
            continue
        numbers_vary = "numbers-vary" in old.get("metadata", {}).get("tags", [])
        found.extend(output_differences(where, old["outputs"], new["outputs"], numbers_vary))
    return found


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "normalise", "compare"])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--root", default="")
    args = parser.parse_args(argv)
    name = args.paths[0].rsplit("/", 1)[-1]
    if args.command == "check":
        notebook = load(args.paths[0])
        found = problems(notebook)
        for problem in found:
            print(f"notebook check: {name}: {problem}", file=sys.stderr)
        if found:
            print(f"notebook check: {name}: {len(found)} problem(s) in {len(code_cells(notebook))} code cells", file=sys.stderr)
            return 1
        print(f"notebook check: {name}: {len(code_cells(notebook))} code cells ran, no errors, nothing on stderr")
        return 0
    if args.command == "normalise":
        source, target = args.paths
        notebook = normalise(load(source), args.root)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(dumps(notebook))
        return 0
    committed, fresh = (normalise(load(path), args.root) for path in args.paths)
    found = differences(committed, fresh)
    for difference in found[:20]:
        print(f"notebook check: {name} is stale: {difference}", file=sys.stderr)
    if found:
        print(f"notebook check: {name}: {len(found)} difference(s) from a fresh run; regenerate it with `pnpm --filter examples run notebooks`", file=sys.stderr)
        return 1
    print(f"notebook check: {name}: committed outputs match a fresh run")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

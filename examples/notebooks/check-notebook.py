"""Fails (exit 1) unless every code cell of an executed notebook ran cleanly.

run-notebook.sh executes with --allow-errors so that the executed notebook is always written. tslab reports a failing
cell only through the execute reply's status, which the saved notebook does not keep, and writes the error itself to
the cell's stderr (also for errors nbconvert would miss: a throw in a timer callback, an un-awaited rejected promise,
see docs/notebooks.md). So the rule is strict: a cell that writes anything to stderr, has an error output, or never ran
fails the check. A clean notebook writes nothing to stderr.
Usage: python3 check-notebook.py executed.ipynb
"""
import json
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        notebook = json.load(handle)
    problems = []
    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    for number, cell in enumerate(code_cells, start=1):
        source = "".join(cell["source"]).strip()
        where = f"code cell {number} ({source.splitlines()[0][:60] if source else 'empty'})"
        # tslab leaves execution_count empty; nbclient's timing metadata says whether the kernel answered the cell.
        if cell.get("execution_count") is None and "shell.execute_reply" not in cell.get("metadata", {}).get("execution", {}):
            problems.append(f"{where}: did not run")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"{where}: {output.get('ename')}: {output.get('evalue')}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = "".join(output.get("text", "")).strip()
                # UncaughtException / UnhandledPromiseRejection land here too.
                problems.append(f"{where} wrote to stderr:\n    " + "\n    ".join(text.splitlines()[:12]))
    for problem in problems:
        print(f"notebook check: {problem}", file=sys.stderr)
    if problems:
        print(f"notebook check: {len(problems)} problem(s) in {len(code_cells)} code cells", file=sys.stderr)
        return 1
    print(f"notebook check: {len(code_cells)} code cells ran, no errors, nothing on stderr")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

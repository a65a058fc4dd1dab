#!/usr/bin/env bash
# Executes every notebook in examples/notebooks headless with the tslab kernel, offline, and
#   (default)  writes each one back in place, executed and normalised: the form that is committed;
#   --check    leaves them alone and fails if a fresh run differs from the committed file (what CI runs).
# Either way it fails if any cell errors, writes to stderr or does not run. Notebooks may be named after the flag
# (default: all of them). See docs/notebooks.md.
#
# Needs Debian's Jupyter (apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel
# jupyter-client), `pnpm install`, and the packages' CJS builds (`pnpm run build` at the root).
# Executed copies go to $NOTEBOOK_OUTPUT_DIR (default: a temporary folder, kept when something fails).
set -euo pipefail

examples="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$examples/.." && pwd)"
cd "$examples"
mode=write
if [ "${1:-}" = "--check" ]; then
  mode=check
  shift
fi
notebooks=("$@")
[ ${#notebooks[@]} -gt 0 ] || notebooks=(notebooks/*.ipynb)

# The python3 first on PATH may be a pyenv build without Jupyter (docs/notebooks.md): use Debian's unless told otherwise.
python="${JUPYTER_PYTHON:-/usr/bin/python3}"
"$python" -c "import nbconvert, nbclient, ipykernel" 2>/dev/null || {
  echo "execute-notebooks: $python lacks Jupyter; apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel jupyter-client" >&2
  exit 1
}
tslab="$examples/node_modules/.bin/tslab"
[ -x "$tslab" ] || { echo "execute-notebooks: $tslab not found; run pnpm install" >&2; exit 1; }
for package in core testing langchain llamaindex; do
  [ -f "../packages/$package/dist/index.cjs" ] || {
    echo "execute-notebooks: packages/$package/dist/index.cjs missing; run pnpm run build at the root" >&2
    exit 1
  }
done

# Register the kernel in a local prefix (git-ignored), never in the user's Jupyter folders.
prefix="$examples/.jupyter"
"$tslab" install --python="$python" --binary="$tslab" --prefix="$prefix" >/dev/null
export JUPYTER_PATH="$prefix/share/jupyter"
# Committed outputs are the offline ones: the local server, never the billed API.
export QWEN_RERANK_OFFLINE=1
unset DASHSCOPE_API_KEY

out="${NOTEBOOK_OUTPUT_DIR:-$(mktemp -d)}"
mkdir -p "$out/executed"
tool="$examples/notebooks/notebook_outputs.py"

# One notebook, executed headless. --allow-errors: the executed copy is always written, so the check can show each
# failing cell's own stderr (nbconvert's message is nearly empty); the check fails the run on any error output.
# Returns 2 when the kernel never answered (nothing ran, so nothing is learnt by failing: worth one more try).
execute() {
  local notebook="$1" slot="$2" name
  name="$(basename "$notebook")"
  rm -f "$out/executed/$name"
  # kernel_ports.py: the kernel's ports come from below the ephemeral range, so nothing binding port 0 can take one.
  KERNEL_PORT_SLOT="$slot" PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$examples/notebooks${PYTHONPATH:+:$PYTHONPATH}" \
    "$python" -m jupyter nbconvert --to notebook --execute --allow-errors \
    --ExecutePreprocessor.kernel_name=tslab \
    --ExecutePreprocessor.kernel_manager_class=kernel_ports.OwnPortsKernelManager \
    --ExecutePreprocessor.timeout=180 \
    --ExecutePreprocessor.startup_timeout=120 \
    --output-dir="$out/executed" "$notebook" >"$out/$name.log" 2>&1 || {
    cat "$out/$name.log" >&2
    if grep -q "Kernel didn't respond\|Kernel died before replying" "$out/$name.log"; then return 2; fi
    [ -f "$out/executed/$name" ] || { echo "execute-notebooks: nbconvert wrote no output for $name" >&2; return 1; }
  }
}

# Execute, check the cells, normalise, then compare with the committed file (--check) or keep it for writing back.
run_one() {
  local notebook="$1" slot="$2" name executed fresh status=0
  name="$(basename "$notebook")"
  executed="$out/executed/$name"
  fresh="$out/$name"
  execute "$notebook" "$slot" || status=$?
  # Two failures that are never the notebook's: the kernel did not start, or tslab 1.0.22's compiler threw
  # "Unexpected pending rebuildTimer" from its file watchers (it watches the packages' .d.cts files, package.json files
  # and node_modules folders; seen once in about twenty runs). Either gets one more run; every other failure fails.
  if [ "$status" -eq 2 ] || { [ "$status" -eq 0 ] && grep -q "Unexpected pending rebuildTimer" "$executed"; }; then
    echo "execute-notebooks: $name: the kernel did not start or tslab's compiler tripped; executing it again" >&2
    status=0
    execute "$notebook" "$((slot + 4))" || status=$?
  fi
  [ "$status" -eq 0 ] || return 1
  "$python" "$tool" check "$executed" || return 1
  "$python" "$tool" normalise "$executed" "$fresh" --root "$root"
  [ "$mode" = write ] || "$python" "$tool" compare "$notebook" "$fresh" --root "$root"
}

# The notebooks run side by side: each one spends most of its time starting its own kernel.
pids=()
for slot in "${!notebooks[@]}"; do
  run_one "${notebooks[$slot]}" "$slot" &
  pids+=("$!")
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done

# Written back only when every notebook ran clean, so a failed run never replaces a good committed notebook.
if [ "$status" -eq 0 ] && [ "$mode" = write ]; then
  for notebook in "${notebooks[@]}"; do
    cp "$out/$(basename "$notebook")" "$notebook"
    echo "execute-notebooks: wrote $notebook ($(wc -c <"$notebook") bytes)"
  done
fi
if [ "$status" -ne 0 ]; then
  echo "execute-notebooks: FAILED; executed notebooks are in $out" >&2
elif [ -z "${NOTEBOOK_OUTPUT_DIR:-}" ]; then
  rm -rf "$out"
fi
exit "$status"

#!/usr/bin/env bash
# Executes notebooks/multimodal-rag.ipynb (or the notebook given as $1) headless with the tslab kernel and checks every cell's outputs.
# Exits non-zero on any failure. Needs Debian's Jupyter (apt-get install -y --no-install-recommends
# jupyter-nbconvert python3-ipykernel jupyter-client), `pnpm install`, and the packages' CJS builds
# (pnpm -r --filter "./packages/**" run build). Runs against the local server unless QWEN_RERANK_OFFLINE=0.
# The executed copy is written to $NOTEBOOK_OUTPUT_DIR (default: a temporary folder, kept on failure).
set -euo pipefail

examples="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$examples"
notebook="${1:-notebooks/multimodal-rag.ipynb}"

# The python3 first on PATH may be a pyenv build without Jupyter (docs/notebooks.md): use Debian's unless told otherwise.
python="${JUPYTER_PYTHON:-/usr/bin/python3}"
"$python" -c "import nbconvert, nbclient, ipykernel" 2>/dev/null || {
  echo "run-notebook: $python lacks Jupyter; apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel jupyter-client" >&2
  exit 1
}
tslab="$examples/node_modules/.bin/tslab"
[ -x "$tslab" ] || { echo "run-notebook: $tslab not found; run pnpm install" >&2; exit 1; }
for package in core testing langchain llamaindex; do
  [ -f "../packages/$package/dist/index.cjs" ] || {
    echo "run-notebook: packages/$package/dist/index.cjs missing; run pnpm -r --filter \"./packages/**\" run build" >&2
    exit 1
  }
done

# Register the kernel in a local prefix (git-ignored), never in the user's Jupyter folders.
prefix="$examples/.jupyter"
"$tslab" install --python="$python" --binary="$tslab" --prefix="$prefix" >/dev/null
export JUPYTER_PATH="$prefix/share/jupyter"
export QWEN_RERANK_OFFLINE="${QWEN_RERANK_OFFLINE:-1}"

out="${NOTEBOOK_OUTPUT_DIR:-$(mktemp -d)}"
mkdir -p "$out"
status=0
# --allow-errors: always write the executed notebook, so the check below can show each failing cell's own stderr
# (nbconvert's message is nearly empty); the check fails the run on any error output.
"$python" -m jupyter nbconvert --to notebook --execute --allow-errors \
  --ExecutePreprocessor.kernel_name=tslab \
  --ExecutePreprocessor.timeout=120 \
  --ExecutePreprocessor.startup_timeout=180 \
  --output-dir="$out" "$notebook" || status=$?

executed="$out/$(basename "$notebook")"
if [ -f "$executed" ]; then
  # nbconvert's own failure message is nearly empty; the check prints each failing cell's error.
  "$python" "$examples/notebooks/check-notebook.py" "$executed" || status=1
else
  echo "run-notebook: nbconvert wrote no output (exit $status)" >&2
  [ "$status" -ne 0 ] || status=1
fi
if [ "$status" -ne 0 ]; then
  echo "run-notebook: FAILED; executed notebook: $executed" >&2
elif [ -z "${NOTEBOOK_OUTPUT_DIR:-}" ]; then
  rm -rf "$out"
fi
exit "$status"

#!/usr/bin/env bash
# The model-family and momentum experiments of docs/experiments.md, as run for docs/results/family/:
#   docs/results/family/run.sh [synthetic|mnist|all]
# For each variant: a learning-rate grid (widths inf, 100, 10; 2 replicates) whose best-μ rule picks each width's
# largest stable μ, then 3 replicates at those μ. Momentum also runs at the baseline's effective rate μ/(1 − β).
# Each output directory keeps its CSV and JSON files and the loss figures (the HTML reports and Parquet copies are
# dropped to keep the repository small; submit/report DIR redraws them).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="$root/docs/results/family"
cd "$root"

# The width → μ map a grid chose (learning-rates.csv, column chosen), as a HOCON object; empty when none was stable.
chosen() {
  awk -F, 'NR > 1 && $8 == "true" { printf "%s\"%s\": %s", (n++ ? ", " : "{"), $1, $2 } END { if (n) print "}" }' "$1/learning-rates.csv"
}

# The map scaled by a factor (the same effective rate μ/(1 − β) under momentum).
scaled() {
  sed -E 's/[{}]//g' <<<"$1" | tr ',' '\n' | awk -F: -v f="$2" 'NF == 2 { gsub(/ /, "", $1); printf "%s%s: %.6g", (n++ ? ", " : "{"), $1, $2 * f } END { print "}" }'
}

# Keeps what the tables and figures need.
tidy() {
  local d="$1"
  find "$d" \( -name report.html -o -name metrics.parquet -o -name resume.json -o -name .wideneck.lock \) -delete 2>/dev/null
  find "$d" -path '*/figures/*' ! -name 'train-loss.png' ! -name 'test-loss.png' ! -name 'test-accuracy.png' -delete 2>/dev/null
  rm -rf "$d/checkpoints" "$d"/lr-*/figures
}

# grid NAME GRID CONF-AND-OVERRIDES...
grid() {
  local name="$1" rates="$2"; shift 2
  local d="$out/$name-grid"
  [ -f "$d/learning-rates.csv" ] && return 0
  rm -rf "$d"
  echo "== $name grid $rates"
  submit/local "$@" "sweep.learning-rates=$rates" sweep.replicates=2 train.checkpoint-every=0 "output.dir=$d" > "$out/logs/$name-grid.log" 2>&1
  tidy "$d"
}

# final NAME MAP CONF-AND-OVERRIDES...
final() {
  local name="$1" map="$2"; shift 2
  local d="$out/$name"
  [ -f "$d/acceleration.csv" ] && return 0
  if [ -z "$map" ]; then echo "== $name: no stable μ in its grid; not run" | tee "$out/logs/$name.log"; return 0; fi
  local widths
  widths="[$(sed -E 's/[{}"]//g; s/: [^,]*//g' <<<"$map")]"
  rm -rf "$d"
  echo "== $name at $map"
  submit/local "$@" "train.learning-rate=$map" "model.widths=$widths" sweep.replicates=3 train.checkpoint-every=0 "output.dir=$d" \
    > "$out/logs/$name.log" 2>&1
  tidy "$d"
}

# variant DATASET NAME GRID CONF-AND-OVERRIDES...: its grid, then its chosen μ
variant() {
  local name="$1-$2" rates="$3"; shift 3
  grid "$name" "$rates" "$@"
  final "$name" "$(chosen "$out/$name-grid")" "$@"
}

# momentum DATASET BETA GRID CONF-AND-OVERRIDES...: own best μ, and the baseline's μ/(1 − β)
momentum() {
  local ds="$1" beta="$2" rates="$3"; shift 3
  variant "$ds" "momentum$beta" "$rates" "$@" "train.momentum=$beta"
  local base
  base="$(chosen "$out/$ds-relu-grid")"
  [ -n "$base" ] && final "$ds-momentum$beta-same-effective" "$(scaled "$base" "$(awk -v b="$beta" 'BEGIN { print 1 - b }')")" "$@" "train.momentum=$beta"
}

synthetic() {
  local c=(conf/synthetic.conf train.learning-rate=1 'model.widths=[inf, 100, 10]')
  variant synthetic relu '[2, 4, 6, 8, 12, 16, 24]' "${c[@]}"
  variant synthetic erf '[2, 4, 6, 8, 12, 16, 24]' "${c[@]}" model.activation=erf
  variant synthetic depth2 '[2, 4, 6, 8, 12, 16, 24]' "${c[@]}" model.g-depth=2 init.width=4000
  momentum synthetic 0.5 '[1, 2, 3, 4, 6, 8, 12]' "${c[@]}"
  momentum synthetic 0.9 '[0.2, 0.4, 0.6, 0.8, 1.2, 1.6, 2.4]' "${c[@]}"
}

mnist() {
  local c=(conf/mnist.conf data.train-size=10000 data.test-size=2000 train.steps=1000 train.eval-every=100 train.eval-train-size=2000
    init.inf-width=1000 'model.widths=[inf, 100, 10]')
  variant mnist relu '[1, 2, 3, 5, 10]' "${c[@]}"
  variant mnist erf '[1, 2, 3, 5, 10]' "${c[@]}" model.activation=erf
  variant mnist depth2 '[1, 2, 3, 5, 10]' "${c[@]}" model.g-depth=2 init.width=4000
  variant mnist cross-entropy '[1, 3, 10, 30, 100]' "${c[@]}" train.loss=cross-entropy
  momentum mnist 0.5 '[0.5, 1, 1.5, 2.5, 5]' "${c[@]}"
  momentum mnist 0.9 '[0.1, 0.2, 0.3, 0.5, 1]' "${c[@]}"
}

mkdir -p "$out/logs"
case "${1:-all}" in
  synthetic) synthetic ;;
  mnist) mnist ;;
  all) synthetic; mnist ;;
  *) echo "usage: docs/results/family/run.sh [synthetic|mnist|all]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The model-family and momentum experiments of docs/experiments.md, as run for docs/results/family/:
#   docs/results/family/run.sh [synthetic|mnist|all]
# For each variant: a learning-rate grid (widths inf, 100, 10; 2 replicates) whose best-μ rule picks each width's
# largest stable μ, then 3 replicates at those μ. A width whose largest stable μ is the grid's largest gets the
# variant's extension grid (its widths only, into NAME-grid-ext), and the largest stable μ of both is used.
# Momentum also runs at the baseline's effective rate μ/(1 − β).
# Each output directory keeps its CSV and JSON files and the loss figures (the HTML reports and Parquet copies are
# dropped to keep the repository small; submit/report DIR redraws them).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="$root/docs/results/family"
cd "$root"

# The width → μ map a grid chose (learning-rates.csv, column chosen), as a HOCON object; empty when none was stable.
# With its extension grid (DIR-ext), each width's largest stable μ of both.
chosen() {
  local files=("$1/learning-rates.csv")
  [ -f "$1-ext/learning-rates.csv" ] && files+=("$1-ext/learning-rates.csv")
  awk -F, 'FNR > 1 && $7 == "true" { if (!($1 in best) || $2 + 0 > best[$1] + 0) best[$1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 } }
    END { for (i = 0; i < n; i++) if (order[i] in best) printf "%s\"%s\": %s", (k++ ? ", " : "{"), order[i], best[order[i]]; if (k) print "}" }' "${files[@]}"
}

# The widths whose largest stable μ in a grid is the grid's largest μ, as a HOCON list; empty when none.
at_top() {
  awk -F, 'FNR > 1 { if ($2 + 0 > top + 0) top = $2; if ($7 == "true" && (!($1 in best) || $2 + 0 > best[$1] + 0)) best[$1] = $2 }
    END { for (w in best) if (best[w] + 0 == top + 0) printf "%s%s", (k++ ? ", " : "["), w; if (k) print "]" }' "$1/learning-rates.csv"
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

# grid NAME GRID CONF-AND-OVERRIDES... [suffix=-ext]
grid() {
  local name="$1" rates="$2"; shift 2
  local suffix="" args=()
  for a in "$@"; do case "$a" in suffix=*) suffix="${a#suffix=}" ;; *) args+=("$a") ;; esac; done
  set -- "${args[@]}"
  local d="$out/$name-grid$suffix"
  [ -f "$d/learning-rates.csv" ] && return 0
  rm -rf "$d"
  echo "== $name grid$suffix $rates"
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

# variant DATASET NAME GRID EXTENSION CONF-AND-OVERRIDES...: its grid (extended where a width is stable at its top),
# then its chosen μ
variant() {
  local name="$1-$2" rates="$3" ext="$4"; shift 4
  grid "$name" "$rates" "$@"
  local top
  top="$(at_top "$out/$name-grid")"
  if [ -n "$top" ]; then grid "$name" "$ext" "$@" "model.widths=$top" "suffix=-ext"; fi
  final "$name" "$(chosen "$out/$name-grid")" "$@"
}

# momentum DATASET BETA GRID EXTENSION CONF-AND-OVERRIDES...: own best μ, and the baseline's μ/(1 − β)
momentum() {
  local ds="$1" beta="$2" rates="$3" ext="$4"; shift 4
  variant "$ds" "momentum$beta" "$rates" "$ext" "$@" "train.momentum=$beta"
  local base
  base="$(chosen "$out/$ds-relu-grid")"
  [ -n "$base" ] && final "$ds-momentum$beta-same-effective" "$(scaled "$base" "$(awk -v b="$beta" 'BEGIN { print 1 - b }')")" "$@" "train.momentum=$beta"
}

synthetic() {
  local c=(conf/synthetic.conf train.learning-rate=1 'model.widths=[inf, 100, 10]')
  variant synthetic relu '[2, 4, 6, 8, 12, 16, 24]' '[32, 48]' "${c[@]}"
  variant synthetic erf '[2, 4, 6, 8, 12, 16, 24]' '[32, 48]' "${c[@]}" model.activation=erf
  variant synthetic depth2 '[2, 4, 6, 8, 12, 16, 24]' '[32, 48]' "${c[@]}" model.g-depth=2 init.width=4000
  momentum synthetic 0.5 '[1, 2, 3, 4, 6, 8, 12]' '[16, 24, 32]' "${c[@]}"
  momentum synthetic 0.9 '[0.2, 0.4, 0.6, 0.8, 1.2, 1.6, 2.4]' '[3.2, 4.8, 6.4, 9.6]' "${c[@]}"
}

mnist() {
  local c=(conf/mnist.conf data.train-size=10000 data.test-size=2000 train.steps=1000 train.eval-every=100 train.eval-train-size=2000
    init.inf-width=1000 'model.widths=[inf, 100, 10]')
  variant mnist relu '[1, 2, 3, 5, 10]' '[15, 20, 30]' "${c[@]}"
  variant mnist erf '[1, 2, 3, 5, 10]' '[15, 20, 30]' "${c[@]}" model.activation=erf
  variant mnist depth2 '[1, 2, 3, 5, 10]' '[15, 20, 30]' "${c[@]}" model.g-depth=2 init.width=4000
  variant mnist cross-entropy '[1, 3, 10, 30, 100]' '[300, 1000]' "${c[@]}" train.loss=cross-entropy
  momentum mnist 0.5 '[0.5, 1, 1.5, 2.5, 5]' '[7.5, 10, 15]' "${c[@]}"
  momentum mnist 0.9 '[0.1, 0.2, 0.3, 0.5, 1]' '[1.5, 2, 3, 5]' "${c[@]}"
}

mkdir -p "$out/logs"
case "${1:-all}" in
  synthetic) synthetic ;;
  mnist) mnist ;;
  all) synthetic; mnist ;;
  *) echo "usage: docs/results/family/run.sh [synthetic|mnist|all]" >&2; exit 2 ;;
esac

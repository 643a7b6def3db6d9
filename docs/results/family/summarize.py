#!/usr/bin/env python3
"""Tables and figures of the model-family and momentum experiments (docs/results/family/run.sh), from their
metrics.csv, acceleration.csv and run.json files alone:  python3 docs/results/family/summarize.py

Writes summary.md (the tables docs/experiments.md shows) and figures/acceleration.png, figures/momentum.png beside
this script. Needs numpy and matplotlib (Debian: apt-get install python3-matplotlib); outside the build.
"""
import csv
import json
import math
import os
import statistics
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = ["synthetic", "mnist"]
VARIANTS = ["relu", "erf", "depth2", "cross-entropy", "momentum0.5", "momentum0.9", "momentum0.5-same-effective", "momentum0.9-same-effective"]
LABEL = {"relu": "ReLU, L = 1, MSE (baseline)", "erf": "erf", "depth2": "g-depth L = 2", "cross-entropy": "cross-entropy",
         "momentum0.5": "momentum β = 0.5, own best μ", "momentum0.9": "momentum β = 0.9, own best μ",
         "momentum0.5-same-effective": "momentum β = 0.5, μ(1 − β) of the baseline's μ",
         "momentum0.9-same-effective": "momentum β = 0.9, μ(1 − β) of the baseline's μ"}
WIDTHS = ["inf", "100", "10"]


def runs(d):
    """{(width, seed): {split: [(step, loss, acc)]}} of a result directory."""
    out = defaultdict(lambda: defaultdict(list))
    with open(os.path.join(d, "metrics.csv")) as f:
        for r in csv.DictReader(f):
            acc = float(r["accuracy"]) if r["accuracy"] else math.nan
            out[(r["width"], int(r["seed"]))][r["split"]].append((int(r["step"]), float(r["loss"]), acc))
    return out


def rates(d):
    with open(os.path.join(d, "run.json")) as f:
        lr = json.load(f)["config"]["train"]["learning-rate"]
    return lr if isinstance(lr, dict) else {w: lr for w in WIDTHS}


def pm(values, fmt):
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return "–"
    if len(values) == 1:
        return fmt % values[0]
    return (fmt % statistics.mean(values)) + " ± " + (fmt % statistics.stdev(values))


def steps_to(curve, target):
    for step, loss, _ in curve:
        if loss <= target:
            return step
    return None


def reach(r, width, targets, split="train"):
    """Steps each replicate of width needs to reach the per-seed target; (steps list, reached, replicates)."""
    got, n = [], 0
    for (w, seed), splits in sorted(r.items()):
        if w != width:
            continue
        n += 1
        s = steps_to(splits[split], targets[seed])
        if s is not None:
            got.append(s)
    return got, n


def final(r, width, split, col):
    return [splits[split][-1][col] for (w, _), splits in sorted(r.items()) if w == width]


def variant_table(ds, v):
    d = os.path.join(HERE, f"{ds}-{v}")
    if not os.path.isfile(os.path.join(d, "metrics.csv")):
        return None, None
    r, mu = runs(d), rates(d)
    cls = any(not math.isnan(splits["test"][-1][2]) for splits in r.values())
    targets = {split: {seed: splits[split][-1][1] for (w, seed), splits in r.items() if w == "inf"} for split in ("train", "test")}
    inf_steps = {split: {seed: steps_to(splits[split], targets[split][seed]) for (w, seed), splits in r.items() if w == "inf"}
                 for split in ("train", "test")}
    head = "| width | μ | final train loss | final test loss |" + (" test accuracy |" if cls else "") \
        + " speed-up to inf's final train loss | … test loss |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    speedups = {}
    for w in WIDTHS:
        if not any(k[0] == w for k in r):
            continue
        row = f"| {w} | {mu.get(w, mu.get(str(w), ''))} | {pm(final(r, w, 'train', 1), '%.4g')} | {pm(final(r, w, 'test', 1), '%.4g')} |"
        if cls:
            row += f" {pm(final(r, w, 'test', 2), '%.4f')} |"
        for split in ("train", "test"):
            sp, n = [], 0
            for (ww, seed), splits in sorted(r.items()):
                if ww != w:
                    continue
                n += 1
                s = steps_to(splits[split], targets[split][seed])
                if s is not None and s > 0:
                    sp.append(inf_steps[split][seed] / s)
            speedups[(w, split)] = (sp, n)
            row += f" {pm(sp, '%.2f')}× ({len(sp)}/{n}) |" if sp else f" never (0/{n}) |"
        lines.append(row)
    return "\n".join(lines), speedups


def momentum_table(ds):
    """Steps to the baseline inf's final train loss (per seed), for inf with momentum and the bottlenecks without."""
    base = os.path.join(HERE, f"{ds}-relu")
    if not os.path.isfile(os.path.join(base, "metrics.csv")):
        return None, None
    rb = runs(base)
    targets = {seed: splits["train"][-1][1] for (w, seed), splits in rb.items() if w == "inf"}
    base_steps = {seed: steps_to(splits["train"], targets[seed]) for (w, seed), splits in rb.items() if w == "inf"}
    rows, data = [], []
    for v, label in [("relu", "β = 0 (baseline)"), ("momentum0.5", "β = 0.5, own best μ"), ("momentum0.5-same-effective", "β = 0.5, same μ/(1 − β)"),
                     ("momentum0.9", "β = 0.9, own best μ"), ("momentum0.9-same-effective", "β = 0.9, same μ/(1 − β)")]:
        d = os.path.join(HERE, f"{ds}-{v}")
        if not os.path.isfile(os.path.join(d, "metrics.csv")):
            continue
        r, mu = runs(d), rates(d)
        for w in WIDTHS:
            got, n = reach(r, w, targets)
            sp = []
            for (ww, seed), splits in sorted(r.items()):
                if ww == w:
                    s = steps_to(splits["train"], targets[seed])
                    if s:
                        sp.append(base_steps[seed] / s)
            rows.append(f"| {w} | {label} | {mu.get(w, '')} | {pm(final(r, w, 'train', 1), '%.4g')} | "
                        + (f"{pm(got, '%.0f')} ({len(got)}/{n}) | {pm(sp, '%.2f')}× |" if got else f"never (0/{n}) | – |"))
            data.append((w, label, sp))
    head = "| width | momentum | μ | final train loss | steps to the baseline inf's final train loss | speed-up over the baseline inf |"
    return "\n".join([head, "|---|---|---|---|---|---|"] + rows), data


def figures(all_speedups, momentum_data):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    os.makedirs(os.path.join(HERE, "figures"), exist_ok=True)
    fig, axes = plt.subplots(1, len(DATASETS), figsize=(12, 4.5), sharey=False)
    for ax, ds in zip(axes, DATASETS):
        names = [v for v in VARIANTS if (ds, v) in all_speedups]
        for k, w in enumerate(["100", "10"]):
            means, sds, notes = [], [], []
            for v in names:
                sp, n = all_speedups[(ds, v)].get((w, "train"), ([], 0))
                means.append(statistics.mean(sp) if sp else 0)
                sds.append(statistics.stdev(sp) if len(sp) > 1 else 0)
                notes.append("never" if not sp else ("" if len(sp) == n else f"{len(sp)}/{n}"))
            xs = [i + (k - 0.5) * 0.38 for i in range(len(names))]
            ax.bar(xs, means, 0.38, yerr=sds, capsize=3, label=f"d = {w}")
            for x, m, note in zip(xs, means, notes):
                if note:
                    ax.text(x, m + 0.05, note, ha="center", va="bottom", rotation=90, fontsize=7)
        ax.axhline(1, color="k", lw=0.8)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels([v.replace("-same-effective", "\nsame μ/(1−β)") for v in names], rotation=35, ha="right", fontsize=8)
        ax.set_title(f"{ds}: speed-up to inf's final train loss")
        ax.set_ylabel("inf's steps ÷ the width's (mean ± sd; k/3: replicates that reached it)")
        ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "figures", "acceleration.png"), dpi=110)
    fig, axes = plt.subplots(1, len(DATASETS), figsize=(12, 4.5))
    for ax, ds in zip(axes, DATASETS):
        rows = momentum_data.get(ds) or []
        labels = [f"{w}, {lab}" for w, lab, _ in rows]
        means = [statistics.mean(sp) if sp else 0 for _, _, sp in rows]
        sds = [statistics.stdev(sp) if len(sp) > 1 else 0 for _, _, sp in rows]
        colors = ["tab:red" if w == "inf" else ("tab:blue" if w == "100" else "tab:green") for w, _, _ in rows]
        ax.barh(range(len(rows)), means, xerr=sds, color=colors, capsize=3)
        ax.axvline(1, color="k", lw=0.8)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(labels, fontsize=7)
        ax.invert_yaxis()
        ax.set_title(f"{ds}: speed-up over plain-SGD inf (0 = never reached)")
    fig.tight_layout()
    fig.savefig(os.path.join(HERE, "figures", "momentum.png"), dpi=110)


def main():
    out, all_speedups, momentum_data = [], {}, {}
    for ds in DATASETS:
        out.append(f"## {ds}\n")
        for v in VARIANTS:
            t, sp = variant_table(ds, v)
            if t is None:
                continue
            all_speedups[(ds, v)] = sp
            out.append(f"### {LABEL[v]} (`{ds}-{v}/`)\n\n{t}\n")
        t, data = momentum_table(ds)
        if t:
            momentum_data[ds] = data
            out.append(f"### momentum against the plain-SGD inf (`{ds}-relu/` inf's final train loss as the target)\n\n{t}\n")
    with open(os.path.join(HERE, "summary.md"), "w") as f:
        f.write("# The model family and momentum: tables\n\nMade by `summarize.py` from the result directories beside it; "
                "mean ± sd over 3 replicates (seeds 1–3); speed-ups paired by seed, with how many replicates reached the target.\n\n")
        f.write("\n".join(out))
    figures(all_speedups, momentum_data)
    print("\n".join(out))


if __name__ == "__main__":
    main()

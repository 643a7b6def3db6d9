package org.wideneck.app.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The acceleration table: how many steps (and wall seconds) each width needs to reach the loss the
 * infinite bottleneck ends with, and the speed-up against `inf`.
 *
 * <p>Definition, per split (train, test) and per replicate seed r: the target is `inf`'s loss at its
 * last evaluation in replicate r; a run reaches it at the first evaluated step whose loss is ≤ the
 * target (so the resolution is {@code train.eval-every}); its wall seconds are those recorded in that
 * row of metrics.csv (training and evaluations so far). `inf` itself reaches its target at its first
 * step at or below it (its last step, if its loss fell monotonically). Speed-ups are
 * steps(inf, r) / steps(w, r) and wall(inf, r) / wall(w, r), paired by seed. Each width reports the
 * mean and sample standard deviation over the replicates that reached the target, and how many did; a
 * width none of whose replicates reached it says "never". A replicate with no `inf` run of the same seed
 * that finished (one stopped as diverged has no meaningful final loss) is not counted; a replicate of the
 * width that did not finish counts as not reaching the target, whatever it passed on the way.
 */
public final class Acceleration {
    /** Mean and sample standard deviation of n values (sd NaN for n < 2, mean NaN for n = 0). */
    public record Stat(double mean, double sd, int n) {
        static Stat of(List<Double> v) {
            int n = v.size();
            if (n == 0) return new Stat(Double.NaN, Double.NaN, 0);
            double m = 0;
            for (double x : v) m += x;
            m /= n;
            if (n < 2 || Double.isInfinite(m)) return new Stat(m, Double.NaN, n);
            double ss = 0;
            for (double x : v) ss += (x - m) * (x - m);
            return new Stat(m, Math.sqrt(ss / (n - 1)), n);
        }
    }

    /**
     * One line of the table. comparison: equal-mu (every width at one μ), per-width-mu (a width → μ map) or
     * best-mu (each width at its largest stable μ of a grid); learningRate is the width's μ.
     */
    public record Row(String comparison, String width, double learningRate, double infLearningRate, String split,
                      int replicates, int reached, Stat target, Stat steps, Stat wall, Stat speedupSteps, Stat speedupWall) {}

    /** Where a width's runs come from: its metrics, its μ and the runs' statuses. */
    public record Source(MetricsTable table, double learningRate, RunRecords records) {}

    public static final String HEADER = "comparison,width,learning_rate,inf_learning_rate,split,replicates,reached,target_mean,"
            + "steps_mean,steps_sd,wall_seconds_mean,wall_seconds_sd,speedup_steps_mean,speedup_steps_sd,speedup_wall_mean,speedup_wall_sd";

    private Acceleration() {}

    /** The rows of one comparison, train split first, widths in the given order; empty without an inf source. */
    public static List<Row> rows(String comparison, Map<String, Source> widths) {
        List<Row> out = new ArrayList<>();
        Source inf = widths.get("inf");
        if (inf == null) return out;
        for (String split : new String[] {"train", "test"}) {
            for (Map.Entry<String, Source> e : widths.entrySet()) {
                Row r = row(comparison, e.getKey(), e.getValue(), inf, split);
                if (r != null) out.add(r);
            }
        }
        return out;
    }

    /** All widths of one table at one μ (NaN when unknown). */
    public static Map<String, Source> sameTable(MetricsTable t, Map<String, Double> rates, RunRecords records) {
        Map<String, Source> m = new LinkedHashMap<>();
        for (String w : t.widths()) m.put(w, new Source(t, rates.getOrDefault(w, Double.NaN), records));
        return m;
    }

    private static Row row(String comparison, String width, Source src, Source inf, String split) {
        List<Long> seeds = src.table().seeds(width);
        int replicates = 0;
        List<Double> targets = new ArrayList<>(), steps = new ArrayList<>(), walls = new ArrayList<>(),
                spS = new ArrayList<>(), spW = new ArrayList<>();
        for (long seed : seeds) {
            MetricsTable.Curve ic = inf.table().curve("inf", seed, split);
            MetricsTable.Curve wc = src.table().curve(width, seed, split);
            if (ic == null || wc == null || !inf.records().ok("inf", seed)) continue;
            replicates++;
            double target = ic.loss()[ic.last()];
            targets.add(target);
            int ki = firstAtOrBelow(ic, target), kw = firstAtOrBelow(wc, target);
            if (kw < 0 || !src.records().ok(width, seed)) continue;
            steps.add(wc.steps()[kw]);
            walls.add(wc.wall()[kw]);
            spS.add(ratio(ic.steps()[ki], wc.steps()[kw]));
            spW.add(ratio(ic.wall()[ki], wc.wall()[kw]));
        }
        if (replicates == 0) return null;
        return new Row(comparison, width, src.learningRate(), inf.learningRate(), split, replicates, steps.size(), Stat.of(targets),
                Stat.of(steps), Stat.of(walls), Stat.of(spS), Stat.of(spW));
    }

    /** Index of the first evaluation with loss ≤ target, or −1. */
    static int firstAtOrBelow(MetricsTable.Curve c, double target) {
        for (int i = 0; i < c.loss().length; i++) if (c.loss()[i] <= target) return i;
        return -1;
    }

    /** a / b, infinite when b is 0 and a is not (reached at step 0), 1 when both are 0. */
    private static double ratio(double a, double b) {
        if (b == 0) return a == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        return a / b;
    }

    /** The table as CSV (header {@link #HEADER}); empty fields where a value is undefined. */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.join(",", r.comparison(), r.width(), rate(r.learningRate()), rate(r.infLearningRate()), r.split(),
                    Integer.toString(r.replicates()), Integer.toString(r.reached()), num(r.target().mean()),
                    num(r.steps().mean()), num(r.steps().sd()), num(r.wall().mean()), num(r.wall().sd()),
                    num(r.speedupSteps().mean()), num(r.speedupSteps().sd()), num(r.speedupWall().mean()), num(r.speedupWall().sd())))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** The table as aligned text for the console, one block per comparison and split. */
    public static String text(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        String block = null;
        for (Row r : rows) {
            String b = r.comparison() + "/" + r.split();
            if (!b.equals(block)) {
                block = b;
                sb.append(String.format(Locale.ROOT, "acceleration (%s, %s loss): steps and wall seconds to reach inf's final %s loss"
                        + " (per replicate), speed-up against inf; mean ± sd over replicates that reached it%n", r.comparison(), r.split(), r.split()));
                sb.append(String.format(Locale.ROOT, "  %-6s %-8s %-8s %-18s %-16s %-18s %-16s%n", "width", "μ", "reached", "steps",
                        "speed-up (steps)", "wall s", "speed-up (wall)"));
            }
            String reached = r.reached() + "/" + r.replicates();
            if (r.reached() == 0) {
                sb.append(String.format(Locale.ROOT, "  %-6s %-8s %-8s never (target %s)%n", r.width(), mu(r.learningRate()), reached,
                        num(r.target().mean())));
            } else {
                sb.append(String.format(Locale.ROOT, "  %-6s %-8s %-8s %-18s %-16s %-18s %-16s%n", r.width(), mu(r.learningRate()), reached,
                        pm(r.steps(), "%.0f"), pm(r.speedupSteps(), "%.2f"), pm(r.wall(), "%.1f"), pm(r.speedupWall(), "%.2f")));
            }
        }
        return sb.toString();
    }

    private static String rate(double v) {
        return Double.isNaN(v) ? "" : RunRecords.fmt(v);
    }

    private static String mu(double v) {
        return Double.isNaN(v) ? "?" : RunRecords.fmt(v);
    }

    /** "m ± sd" (or "m" for one value). */
    public static String pm(Stat s, String fmt) {
        if (s.n() == 0) return "";
        if (Double.isInfinite(s.mean())) return "inf";
        String m = String.format(Locale.ROOT, fmt, s.mean());
        return Double.isNaN(s.sd()) ? m : m + " ± " + String.format(Locale.ROOT, fmt, s.sd());
    }
}

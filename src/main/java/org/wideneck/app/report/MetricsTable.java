package org.wideneck.app.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;

/**
 * metrics.csv read back: per width (in the file's order) and replicate seed, the curve of each split,
 * and the replicates' mean with its min–max band at every evaluated step.
 */
public final class MetricsTable {
    /** One run's curve of one split (accuracy NaN for regression). */
    public record Curve(double[] steps, double[] loss, double[] accuracy, double[] wall) {
        public int last() {
            return steps.length - 1;
        }
    }

    /**
     * The replicates of one width and split at each step that any of them evaluated: mean, minimum and
     * maximum over the replicates that have that step, and how many do (a diverged replicate stops early).
     */
    public record Band(double[] steps, double[] mean, double[] min, double[] max, int[] count) {}

    private final Map<String, Map<Long, Map<String, Curve>>> runs = new LinkedHashMap<>();
    private final boolean classification;

    private MetricsTable(Map<String, Map<Long, Map<String, List<double[]>>>> raw, boolean classification) {
        this.classification = classification;
        raw.forEach((w, seeds) -> {
            Map<Long, Map<String, Curve>> bySeed = new LinkedHashMap<>();
            seeds.forEach((seed, splits) -> {
                Map<String, Curve> m = new LinkedHashMap<>();
                splits.forEach((split, rows) -> m.put(split, curve(rows)));
                bySeed.put(seed, m);
            });
            runs.put(w, bySeed);
        });
    }

    private static Curve curve(List<double[]> rows) {
        int n = rows.size();
        double[] s = new double[n], l = new double[n], a = new double[n], t = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = rows.get(i)[0];
            l[i] = rows.get(i)[1];
            a[i] = rows.get(i)[2];
            t[i] = rows.get(i)[3];
        }
        return new Curve(s, l, a, t);
    }

    /** The metrics.csv of a run directory (local or on a Hadoop file system). */
    public static MetricsTable read(FileStore dir) {
        String csv = dir.locate("metrics.csv");
        try {
            if (!dir.isFile("metrics.csv")) throw new UserError("'" + csv + "' does not exist (is this a wideneck output directory?)");
            return parse(dir.readString("metrics.csv"), csv);
        } catch (java.io.IOException e) {
            throw new UserError("cannot read '" + csv + "': " + e.getMessage());
        }
    }

    /**
     * Parses the text of a metrics.csv; {@code name} is used in messages. Every row is checked as a run writes it: a
     * width (inf or d ≥ 1), an integer seed and step ≥ 0, train or test, a finite loss ≥ 0 (a run drops rows whose loss
     * is not finite), an accuracy in [0, 1] or empty, finite wall seconds ≥ 0; else one line names the row.
     */
    public static MetricsTable parse(String text, String name) {
        return parse(text, name, true);
    }

    /** Parses values that are not losses (a features.csv column): any finite value. */
    static MetricsTable parseValues(String text, String name) {
        return parse(text, name, false);
    }

    private static MetricsTable parse(String text, String name, boolean losses) {
        List<String> lines = List.of(text.split("\n"));
        if (lines.isEmpty() || !lines.get(0).equals(RunOutputs.HEADER)) {
            throw new UserError("'" + name + "' does not start with the header " + RunOutputs.HEADER);
        }
        Map<String, Map<Long, Map<String, List<double[]>>>> raw = new LinkedHashMap<>();
        boolean cls = false;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) continue;
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 7) throw new UserError("'" + name + "' line " + (i + 1) + " has " + f.length + " fields, expected 7");
            if (!f[3].equals("train") && !f[3].equals("test")) {
                throw new UserError("'" + name + "' line " + (i + 1) + ": split '" + f[3] + "' is neither train nor test");
            }
            String at = "'" + name + "' line " + (i + 1) + ": ";
            if (!f[0].equals("inf") && !f[0].matches("[1-9][0-9]{0,9}")) throw new UserError(at + "width '" + f[0] + "' is not inf or a width ≥ 1");
            try {
                double acc = f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]);
                cls |= !f[5].isEmpty();
                long seed = Long.parseLong(f[1]), step = Long.parseLong(f[2]);
                double loss = Double.parseDouble(f[4]), wall = Double.parseDouble(f[6]);
                if (step < 0) throw new UserError(at + "step " + step + " is negative");
                if (!Double.isFinite(loss) || (losses && loss < 0)) throw new UserError(at + "loss " + f[4] + " is not a finite loss ≥ 0");
                if (!f[5].isEmpty() && !(acc >= 0 && acc <= 1)) throw new UserError(at + "accuracy " + f[5] + " is not in [0, 1]");
                if (!(wall >= 0) || !Double.isFinite(wall)) throw new UserError(at + "wall seconds " + f[6] + " is not a finite time ≥ 0");
                raw.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).computeIfAbsent(seed, k -> new LinkedHashMap<>())
                        .computeIfAbsent(f[3], k -> new ArrayList<>()).add(new double[] {step, loss, acc, wall});
            } catch (NumberFormatException e) {
                throw new UserError(at + "'" + lines.get(i) + "' holds a value that is not a number");
            }
        }
        if (raw.isEmpty()) throw new UserError("'" + name + "' holds no metrics rows");
        return new MetricsTable(raw, cls);
    }

    public List<String> widths() {
        return new ArrayList<>(runs.keySet());
    }

    /** The replicate seeds of a width, in the file's order. */
    public List<Long> seeds(String width) {
        return new ArrayList<>(runs.get(width).keySet());
    }

    /** The largest number of replicates of any width. */
    public int replicates() {
        int r = 0;
        for (Map<Long, Map<String, Curve>> s : runs.values()) r = Math.max(r, s.size());
        return r;
    }

    /** One replicate's curve, or null if it has no rows of that split. */
    public Curve curve(String width, long seed, String split) {
        Map<Long, Map<String, Curve>> s = runs.get(width);
        return s == null || s.get(seed) == null ? null : s.get(seed).get(split);
    }

    /** The loss (or accuracy) of a width's replicates at each evaluated step; null if none has that split. */
    public Band band(String width, String split, boolean accuracy) {
        TreeMap<Double, List<Double>> at = new TreeMap<>();
        for (Map<String, Curve> splits : runs.get(width).values()) {
            Curve c = splits.get(split);
            if (c == null) continue;
            for (int i = 0; i < c.steps().length; i++) {
                at.computeIfAbsent(c.steps()[i], k -> new ArrayList<>()).add(accuracy ? c.accuracy()[i] : c.loss()[i]);
            }
        }
        if (at.isEmpty()) return null;
        int n = at.size(), i = 0;
        double[] s = new double[n], mean = new double[n], lo = new double[n], hi = new double[n];
        int[] count = new int[n];
        for (Map.Entry<Double, List<Double>> e : at.entrySet()) {
            double sum = 0, mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
            for (double v : e.getValue()) {
                sum += v;
                mn = Math.min(mn, v);
                mx = Math.max(mx, v);
            }
            s[i] = e.getKey();
            mean[i] = sum / e.getValue().size();
            lo[i] = mn;
            hi[i] = mx;
            count[i] = e.getValue().size();
            i++;
        }
        return new Band(s, mean, lo, hi, count);
    }

    public boolean classification() {
        return classification;
    }
}

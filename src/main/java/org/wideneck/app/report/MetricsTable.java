package org.wideneck.app.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wideneck.app.UserError;

/** metrics.csv read back: per (width, seed) the curves of each split, in the file's width order. */
public final class MetricsTable {
    /** One run's curve of one split. */
    public record Curve(double[] steps, double[] loss, double[] accuracy, double[] wall) {}

    /** Key "width" for seed-averaged views is not needed: figures use the first seed of each width. */
    private final Map<String, Map<String, Curve>> byWidth = new LinkedHashMap<>();
    private final boolean classification;

    private MetricsTable(Map<String, Map<String, List<double[]>>> raw, boolean classification) {
        this.classification = classification;
        raw.forEach((w, splits) -> {
            Map<String, Curve> m = new LinkedHashMap<>();
            splits.forEach((split, rows) -> {
                int n = rows.size();
                double[] s = new double[n], l = new double[n], a = new double[n], t = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = rows.get(i)[0];
                    l[i] = rows.get(i)[1];
                    a[i] = rows.get(i)[2];
                    t[i] = rows.get(i)[3];
                }
                m.put(split, new Curve(s, l, a, t));
            });
            byWidth.put(w, m);
        });
    }

    public static MetricsTable read(Path csv) {
        if (!Files.exists(csv)) throw new UserError("'" + csv + "' does not exist (is this a wideneck output directory?)");
        List<String> lines = List.of(new String(org.wideneck.app.data.DataFiles.readAll(csv), java.nio.charset.StandardCharsets.UTF_8).split("\n"));
        if (lines.isEmpty() || !lines.get(0).equals(RunOutputs.HEADER)) {
            throw new UserError("'" + csv + "' does not start with the header " + RunOutputs.HEADER);
        }
        Map<String, Map<String, List<double[]>>> raw = new LinkedHashMap<>();
        Map<String, String> firstSeed = new LinkedHashMap<>();
        boolean cls = false;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 7) throw new UserError("'" + csv + "' line " + (i + 1) + " has " + f.length + " fields, expected 7");
            String width = f[0], seed = f[1];
            if (!firstSeed.computeIfAbsent(width, k -> seed).equals(seed)) continue;
            try {
                double acc = f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]);
                cls |= !f[5].isEmpty();
                raw.computeIfAbsent(width, k -> new LinkedHashMap<>()).computeIfAbsent(f[3], k -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[4]), acc, Double.parseDouble(f[6])});
            } catch (NumberFormatException e) {
                throw new UserError("'" + csv + "' line " + (i + 1) + " holds a value that is not a number");
            }
        }
        if (raw.isEmpty()) throw new UserError("'" + csv + "' holds no metrics rows");
        return new MetricsTable(raw, cls);
    }

    public List<String> widths() {
        return new ArrayList<>(byWidth.keySet());
    }

    public Curve curve(String width, String split) {
        return byWidth.get(width).get(split);
    }

    public boolean classification() {
        return classification;
    }
}

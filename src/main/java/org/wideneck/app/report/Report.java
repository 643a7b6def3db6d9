package org.wideneck.app.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/**
 * The figures of a run directory (paper appendix D.3–D.4, SPEC §7) as PNG files, and one self-contained
 * HTML report embedding them with a table of final metrics:
 * loss (and accuracy) against steps per width, width × step heatmaps of train and test loss over the
 * first 4000 steps, and test loss against train loss. {@code submit/report DIR} redraws them.
 */
public final class Report {
    static final int HEATMAP_STEPS = 4000;
    static final int HEATMAP_COLOURS = 8;

    private Report() {}


    /**
     * Writes figures/*.png, acceleration.csv and report.html into dir; returns the report's location. A
     * directory of a learning-rate sweep (lr-μ/ subdirectories, no metrics.csv of its own) gets the
     * sweep's summary ({@link RateSweepReport}).
     */
    public static String write(FileStore dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (!dir.isFile("metrics.csv") && RateSweepReport.isSweep(dir)) return RateSweepReport.write(dir).html();
        return write(dir, MetricsTable.read(dir), null);
    }

    /**
     * The report of a sweep still running: the loss (and accuracy) curves and report.html from the rows so far
     * (finished runs' and the running ones'), under a banner saying what is done, running and waiting; the page
     * reloads itself. No acceleration table and none of the other figures (drawn once, when the sweep ends).
     *
     * @param metricsCsv every row so far, in metrics.csv's form
     */
    public static String writeInProgress(FileStore dir, String metricsCsv, String banner) throws IOException {
        System.setProperty("java.awt.headless", "true");
        return write(dir, MetricsTable.parse(metricsCsv, dir.locate("metrics.csv") + " (rows so far)"), banner);
    }

    private static String write(FileStore dir, MetricsTable t, String inProgress) throws IOException {
        RunRecords runs = RunRecords.read(dir);
        String caption = runs.caption(t);
        Map<String, byte[]> made = new LinkedHashMap<>();
        for (String split : new String[] {"train", "test"}) {
            made.put(split + " loss", save(curves(t, split, false), dir, split + "-loss.png"));
            if (t.classification()) made.put(split + " accuracy", save(curves(t, split, true), dir, split + "-accuracy.png"));
        }
        if (inProgress != null) { // while the runs go on, only the curves: the rest is drawn once, at the end
            RunOutputs.atomicWrite(dir, "report.html", html(dir, t, runs, caption, List.of(), made, inProgress));
            return dir.locate("report.html");
        }
        for (String split : new String[] {"train", "test"}) {
            HeatMapChart h = heatmap(t, split);
            if (h != null) made.put(split + " loss heatmap (first " + HEATMAP_STEPS + " steps)", save(h, dir, split + "-heatmap.png"));
        }
        XYChart tv = testVsTrain(t, true);
        if (tv != null) made.put("test loss against train loss", save(tv, dir, "test-vs-train.png"));
        XYChart tvf = testVsTrain(t, false);
        if (tvf != null && t.widths().contains("inf")) made.put("test loss against train loss, finite widths", save(tvf, dir, "test-vs-train-finite.png"));
        if (dir.isFile("features.csv")) {
            String text = dir.readString("features.csv");
            MetricsTable mv = featureColumn(text, 3), al = featureColumn(text, 4);
            if (mv != null) made.put("feature learning: embedding movement", save(featureChart(mv,
                    "relative movement of the bottleneck embedding ‖g_t − g_0‖/‖g_0‖", "movement"), dir, "embedding-movement.png"));
            if (al != null) made.put("feature learning: kernel–target alignment", save(featureChart(al,
                    "centered alignment of the learned kernel K(g_t, g_t) with YYᵀ (inf: Θ_∞)", "CKA"), dir, "kernel-alignment.png"));
        }
        List<Acceleration.Row> acc = inProgress != null ? List.of() : acceleration(t, runs);
        if (inProgress == null && t.widths().contains("inf")) RunOutputs.atomicWrite(dir, "acceleration.csv", Acceleration.csv(acc));
        RunOutputs.atomicWrite(dir, "report.html", html(dir, t, runs, caption, acc, made, inProgress));
        return dir.locate("report.html");
    }

    /**
     * One value column of features.csv (width,seed,step,embedding_movement,kernel_alignment) as a table of
     * "train" curves, so the replicate bands of {@link MetricsTable} apply; null when the column is empty.
     */
    static MetricsTable featureColumn(String text, int column) {
        StringBuilder sb = new StringBuilder(RunOutputs.HEADER).append('\n');
        boolean any = false;
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            if (f.length != 5 || f[column].isEmpty()) continue;
            any = true;
            sb.append(f[0]).append(',').append(f[1]).append(',').append(f[2]).append(",train,").append(f[column]).append(",,0\n");
        }
        return any ? MetricsTable.parseValues(sb.toString(), "features.csv") : null;
    }

    private static XYChart featureChart(MetricsTable t, String title, String yTitle) {
        boolean bands = t.replicates() > 1;
        XYChart c = new XYChartBuilder().width(820).height(480).title(title + (bands ? " (mean, band min–max)" : "")).xAxisTitle("step")
                .yAxisTitle(yTitle).build();
        c.getStyler().setMarkerSize(3);
        c.getStyler().setxAxisTickLabelsFormattingFunction(x -> String.format(Locale.ROOT, "%.0f", x));
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        List<String> ws = t.widths();
        for (int i = 0; i < ws.size(); i++) {
            MetricsTable.Band b = t.band(ws.get(i), "train", false);
            Color col = color(i, ws.size());
            if (bands) addBand(c, label(ws.get(i)), b, col, false);
            var s = c.addSeries(label(ws.get(i)), b.steps(), b.mean());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(col);
        }
        return c;
    }

    /** The directory's acceleration table: equal-mu when every width ran at one μ, per-width-mu otherwise. */
    static List<Acceleration.Row> acceleration(MetricsTable t, RunRecords runs) {
        Map<String, Double> rates = runs.rates(t);
        String comparison = rates.values().stream().distinct().count() > 1 ? "per-width-mu" : "equal-mu";
        return Acceleration.rows(comparison, Acceleration.sameTable(t, rates, runs));
    }

    /** The directory's acceleration table as console text ("" without an inf width). */
    public static String accelerationText(FileStore dir) {
        MetricsTable t = MetricsTable.read(dir);
        List<Acceleration.Row> rows = acceleration(t, RunRecords.read(dir));
        if (rows.isEmpty()) {
            return t.widths().contains("inf") ? "acceleration: no table, inf did not finish any replicate (no target loss to reach)\n"
                    : "acceleration: no table, the run has no inf width to compare with\n";
        }
        return Acceleration.text(rows);
    }


    /** Draws chart as dir/figures/name (PNG at 110 dpi, drawn in a local temporary file first); returns its bytes. */
    private static byte[] save(Chart<?, ?> chart, FileStore dir, String name) throws IOException {
        Path tmp = Files.createTempFile("wideneck-figure-", ".png");
        try {
            BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG, 110);
            byte[] png = Files.readAllBytes(tmp);
            dir.write("figures/" + name, png);
            return png;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static XYChart curves(MetricsTable t, String split, boolean accuracy) {
        boolean bands = t.replicates() > 1;
        XYChart c = new XYChartBuilder().width(820).height(520)
                .title(split + (accuracy ? " accuracy" : " loss") + " by bottleneck width" + (bands ? " (mean, band min–max over replicates)" : ""))
                .xAxisTitle("step").yAxisTitle(accuracy ? "accuracy" : "loss (mean ½|F − y|²)").build();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (String w : t.widths()) {
            MetricsTable.Band b = t.band(w, split, false);
            if (b != null) {
                for (double v : b.min()) if (v > 0) lo = Math.min(lo, v);
                for (double v : b.max()) if (v > 0) hi = Math.max(hi, v);
            }
        }
        c.getStyler().setYAxisLogarithmic(!accuracy && hi / lo > 10); // XChart draws no ticks on a log axis under a decade
        c.getStyler().setMarkerSize(3);
        c.getStyler().setxAxisTickLabelsFormattingFunction(x -> String.format(Locale.ROOT, "%.0f", x));
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        List<String> ws = t.widths();
        for (int i = 0; i < ws.size(); i++) {
            MetricsTable.Band b = t.band(ws.get(i), split, accuracy);
            if (b == null) continue;
            Color col = color(i, ws.size());
            if (bands) addBand(c, label(ws.get(i)), b, col, !accuracy);
            var s = c.addSeries(label(ws.get(i)), b.steps(), accuracy ? b.mean() : positive(b.mean()));
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(col);
        }
        return c;
    }

    /** The replicates' min–max band of a curve as a translucent polygon (positive: kept above 0 for log axes). */
    private static void addBand(XYChart c, String name, MetricsTable.Band b, Color col, boolean positive) {
        int n = b.steps().length;
        if (n < 2) return;
        double[] px = new double[2 * n], py = new double[2 * n];
        for (int k = 0; k < n; k++) {
            px[k] = b.steps()[k];
            py[k] = positive ? Math.max(b.min()[k], 1e-300) : b.min()[k];
            px[2 * n - 1 - k] = b.steps()[k];
            py[2 * n - 1 - k] = positive ? Math.max(b.max()[k], 1e-300) : b.max()[k];
        }
        var band = c.addSeries(name + " band", px, py);
        band.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setMarker(SeriesMarkers.NONE);
        band.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 60));
        band.setLineColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 0));
        band.setShowInLegend(false);
    }

    private static String label(String w) {
        return w.equals("inf") ? "inf" : "d = " + w;
    }

    private static double[] positive(double[] v) {
        double[] o = v.clone();
        for (int i = 0; i < o.length; i++) o[i] = Math.max(o[i], 1e-300);
        return o;
    }

    /** Widths from wide (dark) to narrow (bright). */
    static Color color(int i, int n) {
        float h = 0.72f - 0.72f * i / Math.max(1, n - 1);
        return Color.getHSBColor(h, 0.85f, 0.85f);
    }

    /** k colours from dark blue through teal to yellow. */
    static Color[] ramp(int k) {
        Color[] stops = {new Color(20, 30, 110), new Color(40, 150, 160), new Color(250, 230, 80)};
        Color[] out = new Color[k];
        for (int i = 0; i < k; i++) {
            double u = (double) i / Math.max(1, k - 1) * (stops.length - 1);
            int a = Math.min((int) u, stops.length - 2);
            double f = u - a;
            out[i] = new Color((int) Math.round(stops[a].getRed() + f * (stops[a + 1].getRed() - stops[a].getRed())),
                    (int) Math.round(stops[a].getGreen() + f * (stops[a + 1].getGreen() - stops[a].getGreen())),
                    (int) Math.round(stops[a].getBlue() + f * (stops[a + 1].getBlue() - stops[a].getBlue())));
        }
        return out;
    }

    /** Width × step of the replicates' mean loss, coloured on a log scale; the colour key shows losses. */
    private static HeatMapChart heatmap(MetricsTable t, String split) {
        List<String> ws = t.widths();
        MetricsTable.Band first = t.band(ws.get(0), split, false);
        if (first == null) return null;
        List<Integer> steps = new ArrayList<>();
        for (double s : first.steps()) if (s <= HEATMAP_STEPS) steps.add((int) s);
        if (steps.size() < 2) return null;
        HeatMapChart h = new HeatMapChartBuilder().width(900).height(140 + 40 * ws.size())
                .title(split + " loss by width and step" + (t.replicates() > 1 ? " (mean over replicates)" : "") + ", log colour scale")
                .xAxisTitle("step").yAxisTitle("width").build();
        h.getStyler().setPlotContentSize(1.0);
        h.getStyler().setShowValue(false);
        h.getStyler().setXAxisLabelRotation(60);
        h.getStyler().setPiecewise(true);
        h.getStyler().setPiecewiseRanged(true);
        h.getStyler().setSplitNumber(HEATMAP_COLOURS);
        h.getStyler().setRangeColors(ramp(HEATMAP_COLOURS)); // piecewise: one colour per piece
        h.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.3g", Math.pow(10, v)));
        List<Number[]> cells = new ArrayList<>();
        List<String> yLabels = new ArrayList<>(), xLabels = new ArrayList<>();
        for (int s : steps) xLabels.add(Integer.toString(s));
        for (int y = 0; y < ws.size(); y++) {
            yLabels.add(label(ws.get(y)));
            MetricsTable.Band b = t.band(ws.get(y), split, false);
            if (b == null) continue;
            for (int x = 0; x < steps.size(); x++) {
                double v = Double.NaN;
                for (int k = 0; k < b.steps().length; k++) if ((int) b.steps()[k] == steps.get(x)) v = b.mean()[k];
                if (Double.isFinite(v) && v > 0) cells.add(new Number[] {x, y, Math.log10(v)});
            }
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Number[] c : cells) {
            lo = Math.min(lo, c[2].doubleValue());
            hi = Math.max(hi, c[2].doubleValue());
        }
        if (cells.isEmpty()) return null;
        h.getStyler().setMin(lo);
        h.getStyler().setMax(hi > lo ? hi : lo + 1e-9); // XChart's default range assumes positive values
        h.addSeries(split, xLabels, yLabels, cells);
        return h;
    }

    /** Test against train loss of each width's replicate means (SPEC §7's resampling and smoothing). */
    private static XYChart testVsTrain(MetricsTable t, boolean withInf) {
        double min = Double.POSITIVE_INFINITY, max = 0;
        List<String> ws = new ArrayList<>();
        Map<String, double[][]> pairs = new LinkedHashMap<>();
        for (String w : t.widths()) {
            if (!withInf && w.equals("inf")) continue;
            MetricsTable.Band tr = t.band(w, "train", false), te = t.band(w, "test", false);
            if (tr == null || te == null || tr.steps().length < 2 || tr.steps().length != te.steps().length) continue;
            ws.add(w);
            pairs.put(w, new double[][] {tr.mean(), te.mean()});
            for (double v : tr.mean()) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (ws.isEmpty() || !(max > min)) return null;
        double[] grid = TestVsTrain.grid(min, max);
        XYChart c = new XYChartBuilder().width(820).height(520).title("test loss against train loss" + (withInf ? "" : " (finite widths)")
                        + (t.replicates() > 1 ? ", replicate means" : ""))
                .xAxisTitle("train loss").yAxisTitle("test loss").build();
        c.getStyler().setXAxisLogarithmic(max / min > 10); // XChart draws no ticks on a log axis under a decade
        double tmin = Double.POSITIVE_INFINITY, tmax = 0;
        for (String w : ws) {
            for (double v : pairs.get(w)[1]) {
                if (v > 0) {
                    tmin = Math.min(tmin, v);
                    tmax = Math.max(tmax, v);
                }
            }
        }
        c.getStyler().setYAxisLogarithmic(tmax / tmin > 10);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        List<String> all = t.widths();
        for (String w : ws) {
            TestVsTrain.Curve cv = TestVsTrain.resample(grid, pairs.get(w)[0], pairs.get(w)[1]);
            if (cv.train().length < 2) continue;
            var s = c.addSeries(label(w), cv.train(), positive(cv.test()));
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color(all.indexOf(w), all.size()));
        }
        return c.getSeriesMap().isEmpty() ? null : c;
    }

    private static String html(FileStore dir, MetricsTable t, RunRecords runs, String caption, List<Acceleration.Row> acc,
                               Map<String, byte[]> figures, String inProgress) throws IOException {
        StringBuilder sb = new StringBuilder(head("wideneck — " + dir.name() + (inProgress != null ? " (in progress)" : "")));
        if (inProgress != null) { // reloads itself until the sweep's final report replaces it
            sb.insert(sb.indexOf("<style>"), "<meta http-equiv=\"refresh\" content=\"30\">");
        }
        sb.append("<h1>wideneck run ").append(esc(dir.name())).append("</h1>");
        if (inProgress != null) sb.append("<p class=\"progress\" id=\"in-progress\"><b>In progress</b> — ").append(esc(inProgress)).append("</p>");
        sb.append("<p class=\"cap\">").append(esc(caption)).append("</p>");
        boolean reps = t.replicates() > 1;
        sb.append(inProgress != null ? "<h2>Metrics so far" : "<h2>Final metrics").append(reps ? " (mean ± sd over replicates)" : "").append("</h2>");
        sb.append("<table><tr><th>width</th><th>replicates</th><th>steps</th><th>train loss</th><th>test loss</th>");
        if (t.classification()) sb.append("<th>train accuracy</th><th>test accuracy</th>");
        sb.append("<th>wall s</th><th>status</th></tr>");
        for (String w : t.widths()) {
            List<Double> steps = new ArrayList<>(), trl = new ArrayList<>(), tel = new ArrayList<>(), tra = new ArrayList<>(),
                    tea = new ArrayList<>(), wall = new ArrayList<>();
            List<String> status = new ArrayList<>();
            for (long seed : t.seeds(w)) {
                MetricsTable.Curve tr = t.curve(w, seed, "train"), te = t.curve(w, seed, "test");
                if (tr == null || te == null) continue;
                steps.add(tr.steps()[tr.last()]);
                trl.add(tr.loss()[tr.last()]);
                tel.add(te.loss()[te.last()]);
                tra.add(tr.accuracy()[tr.last()]);
                tea.add(te.accuracy()[te.last()]);
                wall.add(tr.wall()[tr.last()]);
                if (inProgress != null && !runs.recorded(w, seed)) status.add("seed " + seed + ": running");
                else if (!runs.ok(w, seed)) status.add("seed " + seed + ": " + runs.status(w, seed));
            }
            sb.append("<tr><td>").append(esc(w)).append("</td><td>").append(steps.size()).append("</td><td>")
                    .append(Acceleration.pm(Acceleration.Stat.of(steps), "%.0f")).append("</td><td>")
                    .append(Acceleration.pm(Acceleration.Stat.of(trl), "%.5g")).append("</td><td>")
                    .append(Acceleration.pm(Acceleration.Stat.of(tel), "%.5g")).append("</td>");
            if (t.classification()) {
                sb.append("<td>").append(Acceleration.pm(Acceleration.Stat.of(tra), "%.4f")).append("</td><td>")
                        .append(Acceleration.pm(Acceleration.Stat.of(tea), "%.4f")).append("</td>");
            }
            sb.append("<td>").append(Acceleration.pm(Acceleration.Stat.of(wall), "%.0f")).append("</td><td class=\"l\">")
                    .append(status.isEmpty() ? "ok" : esc(String.join("; ", status))).append("</td></tr>");
        }
        sb.append("</table>");
        sb.append(accelerationHtml(acc));
        for (Map.Entry<String, byte[]> e : figures.entrySet()) {
            String b64 = Base64.getEncoder().encodeToString(e.getValue());
            sb.append("<h2>").append(esc(e.getKey())).append("</h2><figure><img alt=\"").append(esc(e.getKey()))
                    .append("\" src=\"data:image/png;base64,").append(b64).append("\"><figcaption>").append(esc(caption))
                    .append("</figcaption></figure>");
        }
        if (dir.isFile("run.json")) sb.append("<h2>run.json</h2><pre>").append(esc(dir.readString("run.json"))).append("</pre>");
        return sb.append("</body></html>\n").toString();
    }

    /**
     * The page's head; its script marks the body with how many figures the browser loaded (data-figures-loaded="n/m"),
     * which the browser test reads.
     */
    public static String head(String title) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>"
                + "body{font-family:sans-serif;max-width:1100px;margin:2em auto;}table{border-collapse:collapse;margin:0.5em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td.l{text-align:left}img{max-width:100%}"
                + ".cap,figcaption{color:#444;font-size:0.9em}.progress{background:#fff4d6;border:1px solid #e0b84c;padding:6px 10px}"
                + "</style><script>addEventListener('load',function(){var i=document.images,n=0;for(var k=0;k<i.length;k++)"
                + "if(i[k].complete&&i[k].naturalWidth>0)n++;document.body.setAttribute('data-figures-loaded',n+'/'+i.length);});"
                + "</script></head><body>";
    }

    /** The acceleration table as HTML (nothing when there is no inf run to compare with). */
    static String accelerationHtml(List<Acceleration.Row> acc) {
        if (acc.isEmpty()) return "<p>No acceleration table: no inf run finished (or the run has no inf width, or it is still going), so there is "
                + "no target loss yet.</p>";
        StringBuilder sb = new StringBuilder("<h2>Acceleration against inf</h2><p class=\"cap\">Steps and wall seconds each width needs to reach the loss "
                + "inf ends with (per replicate, paired by seed; first evaluation at or below it), and the speed-up against inf; mean ± sd "
                + "over the replicates that reached it.</p>");
        String block = null;
        for (Acceleration.Row r : acc) {
            String b = r.comparison() + " / " + r.split();
            if (!b.equals(block)) {
                if (block != null) sb.append("</table>");
                block = b;
                sb.append("<h3>").append(esc(r.comparison())).append(", ").append(esc(r.split())).append(" loss</h3>")
                        .append("<table><tr><th>width</th><th>μ</th><th>reached</th><th>target</th><th>steps</th><th>speed-up (steps)</th>"
                                + "<th>wall s</th><th>speed-up (wall)</th></tr>");
            }
            sb.append("<tr><td>").append(esc(r.width())).append("</td><td>")
                    .append(Double.isNaN(r.learningRate()) ? "" : RunRecords.fmt(r.learningRate())).append("</td><td>")
                    .append(r.reached()).append("/").append(r.replicates()).append("</td><td>").append(fmt(r.target().mean())).append("</td>");
            if (r.reached() == 0) {
                sb.append("<td colspan=\"4\" class=\"l\">never reaches it</td></tr>");
            } else {
                sb.append("<td>").append(Acceleration.pm(r.steps(), "%.0f")).append("</td><td>").append(Acceleration.pm(r.speedupSteps(), "%.2f"))
                        .append("</td><td>").append(Acceleration.pm(r.wall(), "%.1f")).append("</td><td>")
                        .append(Acceleration.pm(r.speedupWall(), "%.2f")).append("</td></tr>");
            }
        }
        return sb.append("</table>").toString();
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5g", v);
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

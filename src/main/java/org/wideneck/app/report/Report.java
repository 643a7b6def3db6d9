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
import org.wideneck.app.UserError;

/**
 * The figures of a run directory (paper appendix D.3–D.4, SPEC §7) as PNG files, and one self-contained
 * HTML report embedding them with a table of final metrics:
 * loss (and accuracy) against steps per width, width × step heatmaps of train and test loss over the
 * first 4000 steps, and test loss against train loss. {@code submit/report DIR} redraws them.
 */
public final class Report {
    static final int HEATMAP_STEPS = 4000;

    private Report() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length != 1) {
            System.err.println("usage: submit/report OUTPUT_DIR   (a directory holding metrics.csv)");
            System.exit(2);
        }
        try {
            Path html = write(Path.of(args[0]));
            System.out.println("wideneck: report in " + html);
        } catch (UserError e) {
            System.err.println("wideneck: error: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("wideneck: error: cannot write the report: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes figures/*.png and report.html into dir; returns the report's path. */
    public static Path write(Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        MetricsTable t = MetricsTable.read(dir.resolve("metrics.csv"));
        Path figs = dir.resolve("figures");
        Files.createDirectories(figs);
        Map<String, Path> made = new LinkedHashMap<>();
        for (String split : new String[] {"train", "test"}) {
            made.put(split + " loss", save(curves(t, split, false), figs.resolve(split + "-loss.png")));
            if (t.classification()) made.put(split + " accuracy", save(curves(t, split, true), figs.resolve(split + "-accuracy.png")));
        }
        for (String split : new String[] {"train", "test"}) {
            HeatMapChart h = heatmap(t, split);
            if (h != null) made.put(split + " loss heatmap (first " + HEATMAP_STEPS + " steps)", save(h, figs.resolve(split + "-heatmap.png")));
        }
        XYChart tv = testVsTrain(t, true);
        if (tv != null) made.put("test loss against train loss", save(tv, figs.resolve("test-vs-train.png")));
        XYChart tvf = testVsTrain(t, false);
        if (tvf != null && t.widths().contains("inf")) made.put("test loss against train loss, finite widths", save(tvf, figs.resolve("test-vs-train-finite.png")));
        Path html = dir.resolve("report.html");
        Files.writeString(html, html(dir, t, made));
        return html;
    }

    private static Path save(Chart<?, ?> chart, Path png) throws IOException {
        String base = png.toString().replaceFirst("\\.png$", "");
        BitmapEncoder.saveBitmapWithDPI(chart, base, BitmapEncoder.BitmapFormat.PNG, 110);
        return png;
    }

    private static XYChart curves(MetricsTable t, String split, boolean accuracy) {
        XYChart c = new XYChartBuilder().width(820).height(520).title(split + (accuracy ? " accuracy" : " loss") + " by bottleneck width")
                .xAxisTitle("step").yAxisTitle(accuracy ? "accuracy" : "loss (mean ½|F − y|²)").build();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (String w : t.widths()) {
            MetricsTable.Curve cv = t.curve(w, split);
            if (cv != null) {
                for (double v : cv.loss()) {
                    if (v > 0) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        c.getStyler().setYAxisLogarithmic(!accuracy && hi / lo > 10); // XChart draws no ticks on a log axis under a decade
        c.getStyler().setMarkerSize(3);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        List<String> ws = t.widths();
        for (int i = 0; i < ws.size(); i++) {
            MetricsTable.Curve cv = t.curve(ws.get(i), split);
            if (cv == null) continue;
            var s = c.addSeries(label(ws.get(i)), cv.steps(), accuracy ? cv.accuracy() : positive(cv.loss()));
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color(i, ws.size()));
        }
        return c;
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

    private static HeatMapChart heatmap(MetricsTable t, String split) {
        List<String> ws = t.widths();
        MetricsTable.Curve first = t.curve(ws.get(0), split);
        if (first == null) return null;
        List<Integer> steps = new ArrayList<>();
        for (double s : first.steps()) if (s <= HEATMAP_STEPS) steps.add((int) s);
        if (steps.size() < 2) return null;
        HeatMapChart h = new HeatMapChartBuilder().width(900).height(120 + 40 * ws.size())
                .title(split + " loss (log10) by width and step").xAxisTitle("step").yAxisTitle("width").build();
        h.getStyler().setPlotContentSize(1.0);
        h.getStyler().setShowValue(false);
        h.getStyler().setXAxisLabelRotation(60);
        h.getStyler().setDecimalPattern("0.00");
        h.getStyler().setRangeColors(new Color[] {new Color(20, 30, 110), new Color(40, 150, 160), new Color(250, 230, 80)});
        List<Number[]> cells = new ArrayList<>();
        List<String> yLabels = new ArrayList<>();
        for (int y = 0; y < ws.size(); y++) {
            yLabels.add(ws.get(y));
            MetricsTable.Curve cv = t.curve(ws.get(y), split);
            for (int x = 0; x < steps.size(); x++) {
                double v = Double.NaN;
                for (int k = 0; k < cv.steps().length; k++) if ((int) cv.steps()[k] == steps.get(x)) v = cv.loss()[k];
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
        h.addSeries(split, steps, yLabels, cells);
        return h;
    }

    private static XYChart testVsTrain(MetricsTable t, boolean withInf) {
        double min = Double.POSITIVE_INFINITY, max = 0;
        List<String> ws = new ArrayList<>();
        for (String w : t.widths()) {
            if (!withInf && w.equals("inf")) continue;
            MetricsTable.Curve tr = t.curve(w, "train"), te = t.curve(w, "test");
            if (tr == null || te == null || tr.loss().length < 2) continue;
            ws.add(w);
            for (double v : tr.loss()) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (ws.isEmpty() || !(max > min)) return null;
        double[] grid = TestVsTrain.grid(min, max);
        XYChart c = new XYChartBuilder().width(820).height(520).title("test loss against train loss" + (withInf ? "" : " (finite widths)"))
                .xAxisTitle("train loss").yAxisTitle("test loss").build();
        c.getStyler().setXAxisLogarithmic(max / min > 10); // XChart draws no ticks on a log axis under a decade
        double tmin = Double.POSITIVE_INFINITY, tmax = 0;
        for (String w : ws) {
            for (double v : t.curve(w, "test").loss()) {
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
            TestVsTrain.Curve cv = TestVsTrain.resample(grid, t.curve(w, "train").loss(), t.curve(w, "test").loss());
            if (cv.train().length < 2) continue;
            var s = c.addSeries(label(w), cv.train(), positive(cv.test()));
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color(all.indexOf(w), all.size()));
        }
        return c.getSeriesMap().isEmpty() ? null : c;
    }

    private static String html(Path dir, MetricsTable t, Map<String, Path> figures) throws IOException {
        StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>wideneck — ")
                .append(esc(dir.getFileName().toString())).append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}img{max-width:100%}</style></head><body>");
        sb.append("<h1>wideneck run ").append(esc(dir.getFileName().toString())).append("</h1>");
        sb.append("<table><tr><th>width</th><th>steps</th><th>train loss</th><th>test loss</th>");
        if (t.classification()) sb.append("<th>train accuracy</th><th>test accuracy</th>");
        sb.append("<th>wall s</th></tr>");
        for (String w : t.widths()) {
            MetricsTable.Curve tr = t.curve(w, "train"), te = t.curve(w, "test");
            int a = tr.steps().length - 1, b = te.steps().length - 1;
            sb.append("<tr><td>").append(esc(w)).append("</td><td>").append((int) tr.steps()[a]).append("</td><td>")
                    .append(fmt(tr.loss()[a])).append("</td><td>").append(fmt(te.loss()[b])).append("</td>");
            if (t.classification()) sb.append("<td>").append(fmt(tr.accuracy()[a])).append("</td><td>").append(fmt(te.accuracy()[b])).append("</td>");
            sb.append("<td>").append(String.format(Locale.ROOT, "%.0f", tr.wall()[a])).append("</td></tr>");
        }
        sb.append("</table>");
        Path json = dir.resolve("run.json");
        for (Map.Entry<String, Path> e : figures.entrySet()) {
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(e.getValue()));
            sb.append("<h2>").append(esc(e.getKey())).append("</h2><img alt=\"").append(esc(e.getKey()))
                    .append("\" src=\"data:image/png;base64,").append(b64).append("\">");
        }
        if (Files.exists(json)) sb.append("<h2>run.json</h2><pre>").append(esc(Files.readString(json))).append("</pre>");
        return sb.append("</body></html>\n").toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5g", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package org.wideneck.app.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;
import org.wideneck.core.loop.TrainingLoop;

/**
 * The summary of a learning-rate sweep (a directory of {@code lr-μ/} run directories): which μ each width
 * tolerates, each width's largest stable μ, and the acceleration table both at equal μ (every μ of the
 * grid) and at each width's best μ.
 *
 * <p>The rule: μ is <em>stable</em> for a width when every replicate of that width at μ ran all its
 * steps (none was stopped by the divergence rule of {@code TrainingLoop} or failed) and ended with a
 * lower train loss than it started with. A width's <em>best</em> μ is the largest stable μ of the grid;
 * a width with none has no best-μ row. Files: {@code learning-rates.csv} (width, μ, replicates, how many
 * finished, mean start and final train loss, stable, chosen), {@code acceleration.csv} and
 * {@code report.html}.
 */
public final class RateSweepReport {
    public static final String RATES_HEADER = "width,learning_rate,replicates,finished,train_loss_start_mean,train_loss_final_mean,stable,chosen";

    /** One width at one μ of the grid. */
    public record Trial(String width, double mu, int replicates, int finished, double startMean, double finalMean, boolean stable) {}

    /** What was written: the report's path, each width's best μ, and the text printed at the end of the run. */
    public record Result(String html, Map<String, Double> best, String text) {}

    private RateSweepReport() {}

    /** True when dir holds lr-μ/ subdirectories with metrics. */
    public static boolean isSweep(FileStore dir) {
        return !rateDirs(dir).isEmpty();
    }

    /** The lr-μ/ subdirectories holding metrics.csv, by increasing μ. */
    static TreeMap<Double, FileStore> rateDirs(FileStore dir) {
        TreeMap<Double, FileStore> out = new TreeMap<>();
        try {
            for (String name : dir.list("")) {
                if (!name.startsWith("lr-") || !dir.isFile(name + "/metrics.csv")) continue;
                try {
                    out.put(Double.parseDouble(name.substring(3)), dir.resolve(name));
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot list '" + dir.location() + "': " + e.getMessage());
        }
        return out;
    }

    /** Stability of every width at every μ, the widths in the first table's order. */
    static List<Trial> trials(TreeMap<Double, MetricsTable> tables, TreeMap<Double, RunRecords> records) {
        List<Trial> out = new ArrayList<>();
        List<String> widths = new ArrayList<>();
        for (MetricsTable t : tables.values()) for (String w : t.widths()) if (!widths.contains(w)) widths.add(w);
        for (String w : widths) {
            for (Map.Entry<Double, MetricsTable> e : tables.entrySet()) {
                MetricsTable t = e.getValue();
                if (!t.widths().contains(w)) continue;
                RunRecords rr = records.get(e.getKey());
                int reps = 0, finished = 0;
                boolean stable = true;
                double start = 0, fin = 0;
                for (long seed : t.seeds(w)) {
                    MetricsTable.Curve c = t.curve(w, seed, "train");
                    if (c == null) continue;
                    reps++;
                    start += c.loss()[0];
                    fin += c.loss()[c.last()];
                    boolean ok = rr.ok(w, seed);
                    if (ok) finished++;
                    stable &= ok && c.loss()[c.last()] < c.loss()[0];
                }
                if (reps == 0) continue;
                out.add(new Trial(w, e.getKey(), reps, finished, start / reps, fin / reps, stable));
            }
        }
        return out;
    }

    /** Each width's largest stable μ (widths without one are left out), in the trials' width order. */
    static Map<String, Double> best(List<Trial> trials) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (Trial t : trials) if (t.stable()) best.merge(t.width(), t.mu(), Math::max);
        return best;
    }

    public static Result write(FileStore dir) throws IOException {
        TreeMap<Double, FileStore> dirs = rateDirs(dir);
        if (dirs.isEmpty()) throw new UserError("'" + dir.location() + "' holds no lr-*/metrics.csv");
        TreeMap<Double, MetricsTable> tables = new TreeMap<>();
        TreeMap<Double, RunRecords> records = new TreeMap<>();
        dirs.forEach((mu, p) -> {
            tables.put(mu, MetricsTable.read(p));
            records.put(mu, RunRecords.read(p));
        });
        List<Trial> trials = trials(tables, records);
        Map<String, Double> best = best(trials);
        List<Acceleration.Row> rows = new ArrayList<>();
        for (Map.Entry<Double, MetricsTable> e : tables.entrySet()) {
            Map<String, Double> rates = new LinkedHashMap<>();
            for (String w : e.getValue().widths()) rates.put(w, e.getKey());
            rows.addAll(Acceleration.rows("equal-mu", Acceleration.sameTable(e.getValue(), rates, records.get(e.getKey()))));
        }
        Map<String, Acceleration.Source> bestSources = new LinkedHashMap<>();
        best.forEach((w, mu) -> bestSources.put(w, new Acceleration.Source(tables.get(mu), mu, records.get(mu))));
        rows.addAll(Acceleration.rows("best-mu", bestSources));

        StringBuilder csv = new StringBuilder(RATES_HEADER).append('\n');
        for (Trial t : trials) {
            csv.append(String.join(",", t.width(), RunRecords.fmt(t.mu()), Integer.toString(t.replicates()), Integer.toString(t.finished()),
                    String.format(Locale.ROOT, "%.6g", t.startMean()), String.format(Locale.ROOT, "%.6g", t.finalMean()),
                    Boolean.toString(t.stable()), Boolean.toString(best.containsKey(t.width()) && best.get(t.width()) == t.mu()))).append('\n');
        }
        RunOutputs.atomicWrite(dir, "learning-rates.csv", csv.toString());
        RunOutputs.atomicWrite(dir, "acceleration.csv", Acceleration.csv(rows));

        StringBuilder text = new StringBuilder();
        List<String> unstable = new ArrayList<>();
        for (Trial t : trials) if (!best.containsKey(t.width()) && !unstable.contains(t.width())) unstable.add(t.width());
        text.append("wideneck: largest stable μ per width (every replicate finished, train loss below its start): ")
                .append(best.isEmpty() ? "none" : RunRecords.perWidth(best))
                .append(unstable.isEmpty() ? "" : "; no stable μ in the grid for " + unstable).append('\n');
        if (!best.isEmpty() && unstable.isEmpty()) {
            text.append("wideneck: to run each width at its best μ: train.learning-rate=").append(quoteMap(best)).append('\n');
        }
        for (Map.Entry<Double, MetricsTable> e : tables.entrySet()) {
            double mu = e.getKey();
            if (e.getValue().widths().contains("inf") && rows.stream().noneMatch(r -> r.comparison().equals("equal-mu") && r.learningRate() == mu)) {
                text.append("acceleration (equal-mu, μ = ").append(RunRecords.fmt(mu)).append("): no table, inf did not finish at this μ\n");
            }
        }
        text.append(Acceleration.text(rows));

        StringBuilder html = new StringBuilder(Report.head("wideneck — " + dir.name()));
        html.append("<h1>wideneck learning-rate sweep ").append(Report.esc(dir.name())).append("</h1>");
        html.append("<p class=\"cap\">μ is stable for a width when every replicate finished all its steps (none stopped as diverged) and "
                + "ended below its starting train loss; each width's best μ is its largest stable μ of the grid.</p>");
        html.append("<table><tr><th>width</th><th>μ</th><th>replicates</th><th>finished</th><th>train loss at 0</th>"
                + "<th>final train loss</th><th>stable</th><th>chosen</th></tr>");
        for (Trial t : trials) {
            boolean chosen = best.containsKey(t.width()) && best.get(t.width()) == t.mu();
            html.append("<tr><td>").append(Report.esc(t.width())).append("</td><td>").append(RunRecords.fmt(t.mu())).append("</td><td>")
                    .append(t.replicates()).append("</td><td>").append(t.finished()).append("</td><td>").append(Report.fmt(t.startMean()))
                    .append("</td><td>").append(Report.fmt(t.finalMean())).append("</td><td>").append(t.stable() ? "yes" : "no")
                    .append("</td><td>").append(chosen ? "✔" : "").append("</td></tr>");
        }
        html.append("</table>").append(Report.accelerationHtml(rows)).append("<h2>Runs</h2><ul>");
        for (Map.Entry<Double, FileStore> e : dirs.entrySet()) {
            String name = e.getValue().name();
            html.append("<li><a href=\"").append(name).append("/report.html\">μ = ").append(RunRecords.fmt(e.getKey())).append("</a></li>");
        }
        html.append("</ul></body></html>\n");
        RunOutputs.atomicWrite(dir, "report.html", html.toString());
        return new Result(dir.locate("report.html"), best, text.toString());
    }

    /** {inf: 4, "50": 10} in HOCON, quoted for a shell. */
    static String quoteMap(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder("'{");
        m.forEach((w, mu) -> sb.append(sb.length() > 2 ? ", " : "").append('"').append(w).append("\": ").append(RunRecords.fmt(mu)));
        return sb.append("}'").toString();
    }
}

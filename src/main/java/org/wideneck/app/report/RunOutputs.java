package org.wideneck.app.report;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wideneck.app.files.FileStore;
import org.wideneck.core.loop.MetricPoint;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;
import org.wideneck.app.config.UserError;

/**
 * The files of a run directory: {@code metrics.csv} (header
 * {@code width,seed,step,split,loss,accuracy,wall_seconds}) and {@code run.json} (resolved config,
 * versions, per-run seconds and flops, status). run.json is written when the sweep starts; each finished
 * run is appended and both files are rewritten at once (write, then rename), so an interrupted sweep
 * keeps every run that had finished and metrics.csv exists only once a run has. The directory may be local or
 * on a Hadoop file system ({@link FileStore}).
 */
public final class RunOutputs {
    public static final String HEADER = "width,seed,step,split,loss,accuracy,wall_seconds";
    private final FileStore dir;
    private final Map<String, Object> provenance;
    private final List<String> widthOrder;
    private final List<Finished> finished = new ArrayList<>();

    /** A run's rows as written (metrics.csv and features.csv lines) and its run.json entry. */
    private record Finished(String width, long seed, List<String> metricLines, List<String> featureLines, Map<String, Object> json) {}

    public RunOutputs(FileStore dir, Map<String, Object> provenance, List<String> widthOrder) {
        this(dir, provenance, widthOrder, List.of());
    }

    private RunOutputs(FileStore dir, Map<String, Object> provenance, List<String> widthOrder, List<Finished> earlier) {
        this.dir = dir;
        this.provenance = provenance;
        this.widthOrder = widthOrder;
        this.finished.addAll(earlier);
        try {
            dir.mkdirs("");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir.location() + ": " + e.getMessage(), e);
        }
        writeJson(); // metrics.csv appears with the first finished run, so a run that never got one blocks no later run
    }

    /**
     * The outputs of an interrupted sweep continued ({@code --resume}): the runs dir's run.json lists as
     * finished (ok or diverged) are kept with their rows as written; failed ones are dropped (they run again).
     */
    public static RunOutputs resume(FileStore dir, Map<String, Object> provenance, List<String> widthOrder) {
        List<Finished> earlier = new ArrayList<>();
        if (isFile(dir, "run.json")) {
            Map<String, List<String>> metrics = linesByRun(dir, "metrics.csv");
            Map<String, List<String>> features = linesByRun(dir, "features.csv");
            Object runs;
            try {
                runs = ConfigFactory.parseString(dir.readString("run.json")).root().unwrapped().get("runs");
            } catch (com.typesafe.config.ConfigException | IOException e) {
                throw new UserError("--resume: '" + dir.locate("run.json") + "' is not a wideneck run.json: " + e.getMessage());
            }
            if (runs instanceof List<?> list) {
                for (Object o : list) {
                    if (!(o instanceof Map<?, ?> m) || !finished(String.valueOf(m.get("status")))) continue;
                    String width = String.valueOf(m.get("width"));
                    long seed = ((Number) m.get("seed")).longValue();
                    @SuppressWarnings("unchecked") Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) m);
                    String key = width + "," + seed;
                    earlier.add(new Finished(width, seed, metrics.getOrDefault(key, List.of()), features.getOrDefault(key, List.of()), entry));
                }
            }
        }
        return new RunOutputs(dir, resumedProvenance(dir, provenance), widthOrder, earlier);
    }

    /** Whether a run.json status is a finished run's (ok, or diverged), whose rows a resume keeps. */
    static boolean finished(String status) {
        return status.equals("ok") || status.startsWith("diverged");
    }

    /**
     * A resumed sweep's provenance: when and how the sweep first started (its started, command and command line), and
     * each resume's own in "resumed".
     */
    private static Map<String, Object> resumedProvenance(FileStore dir, Map<String, Object> now) {
        if (!isFile(dir, "run.json")) return now;
        Map<String, Object> old;
        try {
            old = ConfigFactory.parseString(dir.readString("run.json")).root().unwrapped();
        } catch (com.typesafe.config.ConfigException | IOException e) {
            throw new UserError("--resume: '" + dir.locate("run.json") + "' is not a wideneck run.json: " + e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>(now);
        List<Object> resumed = new ArrayList<>();
        if (old.get("resumed") instanceof List<?> l) resumed.addAll(l);
        Map<String, Object> self = new LinkedHashMap<>();
        for (String k : new String[] {"started", "command", "command_line", "commit"}) {
            if (now.get(k) != null) self.put(k, now.get(k));
            if (old.get(k) != null) m.put(k, old.get(k));
        }
        resumed.add(self);
        m.put("resumed", resumed);
        return m;
    }

    private static boolean isFile(FileStore dir, String name) {
        try {
            return dir.isFile(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.locate(name) + ": " + e.getMessage(), e);
        }
    }

    /** The lines of a CSV (header skipped) grouped by their "width,seed" prefix; empty when the file is absent. */
    private static Map<String, List<String>> linesByRun(FileStore dir, String csv) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!isFile(dir, csv)) return out;
        try {
            List<String> lines = dir.readString(csv).lines().toList();
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = l.split(",", 3);
                if (f.length == 3) out.computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>()).add(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.locate(csv) + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether the run of this width and seed is among the finished ones. */
    public synchronized boolean has(String width, long seed) {
        for (Finished f : finished) if (f.width().equals(width) && f.seed() == seed) return true;
        return false;
    }

    public FileStore dir() {
        return dir;
    }

    /** metrics.csv's text as written now: the finished runs' rows. */
    public synchronized String metricsText() {
        return csv();
    }

    /** How many runs have ended (finished, diverged, failed or interrupted) since the sweep started or resumed. */
    public synchronized int ended() {
        return finished.size();
    }

    /** Records a finished (or failed) run and rewrites both files. */
    public synchronized void add(RunPlan plan, RunOutcome outcome, String failure) {
        List<String> metricLines = new ArrayList<>(), featureLines = new ArrayList<>();
        if (outcome != null && !outcome.interrupted()) { // an interrupted run's rows come with the run resumed
            for (MetricPoint p : outcome.metrics()) metricLines.add(row(plan.widthLabel(), plan.replicate(), p));
            for (var p : outcome.features()) {
                featureLines.add(plan.widthLabel() + "," + plan.replicate() + "," + p.step() + ","
                        + (Double.isNaN(p.embeddingMovement()) ? "" : Double.toString(p.embeddingMovement())) + ","
                        + (Double.isNaN(p.kernelAlignment()) ? "" : Double.toString(p.kernelAlignment())));
            }
        }
        finished.add(new Finished(plan.widthLabel(), plan.replicate(), metricLines, featureLines, entry(plan, outcome, failure)));
        // each file on its own: one that cannot be written (disk full) does not keep the others from being updated.
        // run.json right after metrics.csv: a run it lists has its rows there (the Parquet copy and features follow)
        UncheckedIOException first = null;
        for (Runnable w : new Runnable[] {this::writeCsv, this::writeJson, this::writeParquet, this::writeFeatures}) {
            try {
                w.run();
            } catch (UncheckedIOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    public static final String FEATURES_HEADER = "width,seed,step,embedding_movement,kernel_alignment";

    /** features.csv: the feature diagnostics of every finished run that recorded them. */
    private void writeFeatures() {
        StringBuilder sb = new StringBuilder(FEATURES_HEADER).append('\n');
        boolean any = false;
        for (Finished f : inWidthOrder()) {
            for (String l : f.featureLines()) {
                any = true;
                sb.append(l).append('\n');
            }
        }
        if (any) atomicWrite(dir, "features.csv", sb.toString());
    }

    /** The finished runs in the config's width order, then by replicate. */
    private List<Finished> inWidthOrder() {
        List<Finished> sorted = new ArrayList<>(finished);
        sorted.sort(Comparator.<Finished>comparingInt(f -> widthOrder.indexOf(f.width())).thenComparingLong(Finished::seed));
        return sorted;
    }

    public static String row(String width, long seed, MetricPoint p) {
        return width + "," + seed + "," + p.step() + "," + p.split().label() + "," + p.loss() + ","
                + (Double.isNaN(p.accuracy()) ? "" : Double.toString(p.accuracy())) + "," + String.format(Locale.ROOT, "%.3f", p.wallSeconds());
    }

    /** metrics.csv: the rows of the finished runs. */
    private void writeCsv() {
        atomicWrite(dir, "metrics.csv", csv());
    }

    private String csv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Finished f : inWidthOrder()) for (String l : f.metricLines()) sb.append(l).append('\n');
        return sb.toString();
    }

    /** metrics.parquet with metrics.csv's rows ({@link MetricsParquet}), as after a live view of more rows. */
    public synchronized void writeParquet() {
        writeParquet(dir, csv(), rates());
    }

    /** Each ended run's learning rate by "width,seed". */
    public synchronized Map<String, Double> rates() {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Finished f : inWidthOrder()) {
            if (f.json().get("learning_rate") instanceof Number mu) rates.put(f.width() + "," + f.seed(), mu.doubleValue());
        }
        return rates;
    }

    /**
     * metrics.parquet of rows other than the finished runs' alone (the live report's view, running runs included).
     * Synchronised with {@link #add}: both write the file through the same temporary name.
     */
    public synchronized void writeParquetView(String csv, Map<String, Double> rates) {
        writeParquet(dir, csv, rates);
    }

    /** metrics.parquet of a metrics.csv text; a failure is an {@link UncheckedIOException} naming the file. */
    static void writeParquet(FileStore dir, String csv, Map<String, Double> rates) {
        try {
            dir.write(MetricsParquet.NAME, MetricsParquet.bytes(csv, rates));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.locate(MetricsParquet.NAME) + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> entry(RunPlan plan, RunOutcome o, String failure) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("width", plan.widthLabel());
        r.put("seed", plan.replicate());
        r.put("learning_rate", plan.train().learningRate());
        r.put("init_seed", plan.init().seed());
        r.put("batch_seed", plan.train().seed());
        r.put("threads", plan.threads());
        if (o != null) {
            r.put("steps", o.stepsDone());
            r.put("train_seconds", o.trainSeconds());
            r.put("eval_seconds", o.evalSeconds());
            r.put("wall_seconds", o.wallSeconds());
            r.put("final_step_seconds", o.finalStepSeconds());
            r.put("matrix_flops", o.matrixFlops());
            if (!o.stepSeconds().isEmpty()) r.put("step_seconds_by_part", new LinkedHashMap<String, Object>(o.stepSeconds()));
            r.put("status", o.interrupted() ? "interrupted at step " + o.stepsDone() + " (--resume continues it)"
                    : o.diverged() == null ? "ok" : "diverged at " + o.diverged());
            if (o.model() != null) r.put("model", o.model());
        } else {
            r.put("status", "failed: " + failure);
        }
        return r;
    }

    private void writeJson() {
        Map<String, Object> root = new LinkedHashMap<>(provenance);
        List<Object> runs = new ArrayList<>();
        long flops = 0;
        for (Finished f : finished) {
            runs.add(f.json());
            if (f.json().get("matrix_flops") instanceof Number n) flops += n.longValue();
        }
        root.put("runs", runs);
        root.put("total_matrix_flops", flops);
        root.put("updated", Instant.now().toString());
        String json = ConfigValueFactory.fromMap(root).render(ConfigRenderOptions.concise().setJson(true).setFormatted(true));
        atomicWrite(dir, "run.json", json + "\n");
    }

    /** Provenance entries plus the resolved config (given as JSON). */
    public static Map<String, Object> provenance(String configJson, Map<String, Object> versions) {
        Map<String, Object> m = new LinkedHashMap<>(versions);
        m.put("started", Instant.now().toString());
        m.put("config", ConfigFactory.parseString(configJson).root().unwrapped());
        return m;
    }

    /**
     * Writes a file so that it is the old one or the new one, never half of either ({@link FileStore#write});
     * a failure is an {@link UncheckedIOException} naming the file.
     */
    public static void atomicWrite(FileStore dir, String name, String content) {
        try {
            dir.writeString(name, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.locate(name) + ": " + e.getMessage(), e);
        }
    }
}

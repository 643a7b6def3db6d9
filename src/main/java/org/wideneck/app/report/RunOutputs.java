package org.wideneck.app.report;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wideneck.core.run.MetricPoint;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;

/**
 * The files of a run directory: {@code metrics.csv} (header
 * {@code width,seed,step,split,loss,accuracy,wall_seconds}) and {@code run.json} (resolved config,
 * versions, per-run seconds and flops, status). run.json is written when the sweep starts; each finished
 * run is appended and both files are rewritten at once (write, then rename), so an interrupted sweep
 * keeps every run that had finished and metrics.csv exists only once a run has.
 */
public final class RunOutputs {
    public static final String HEADER = "width,seed,step,split,loss,accuracy,wall_seconds";
    private final Path dir;
    private final Map<String, Object> provenance;
    private final List<String> widthOrder;
    private final List<Finished> finished = new ArrayList<>();

    private record Finished(RunPlan plan, RunOutcome outcome, String failure) {}

    public RunOutputs(Path dir, Map<String, Object> provenance, List<String> widthOrder) {
        this.dir = dir;
        this.provenance = provenance;
        this.widthOrder = widthOrder;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeJson(); // metrics.csv appears with the first finished run, so a run that never got one blocks no later run
    }

    public Path dir() {
        return dir;
    }

    /** Records a finished (or failed) run and rewrites both files. */
    public synchronized void add(RunPlan plan, RunOutcome outcome, String failure) {
        finished.add(new Finished(plan, outcome, failure));
        // each file on its own: one that cannot be written (disk full) does not keep the others from being updated
        UncheckedIOException first = null;
        for (Runnable w : new Runnable[] {this::writeCsv, this::writeFeatures, this::writeJson}) {
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
            if (f.outcome() == null) continue;
            for (var p : f.outcome().features()) {
                any = true;
                sb.append(f.plan().widthLabel()).append(',').append(f.plan().replicate()).append(',').append(p.step()).append(',')
                        .append(Double.isNaN(p.embeddingMovement()) ? "" : Double.toString(p.embeddingMovement())).append(',')
                        .append(Double.isNaN(p.kernelAlignment()) ? "" : Double.toString(p.kernelAlignment())).append('\n');
            }
        }
        if (any) atomicWrite(dir.resolve("features.csv"), sb.toString());
    }

    /** The finished runs in the config's width order, then by replicate. */
    private List<Finished> inWidthOrder() {
        List<Finished> sorted = new ArrayList<>(finished);
        sorted.sort(Comparator.<Finished>comparingInt(f -> widthOrder.indexOf(f.plan().widthLabel()))
                .thenComparingLong(f -> f.plan().replicate()));
        return sorted;
    }

    public static String row(String width, long seed, MetricPoint p) {
        return width + "," + seed + "," + p.step() + "," + p.split().label() + "," + p.loss() + ","
                + (Double.isNaN(p.accuracy()) ? "" : Double.toString(p.accuracy())) + "," + String.format(Locale.ROOT, "%.3f", p.wallSeconds());
    }

    private void writeCsv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Finished f : inWidthOrder()) {
            if (f.outcome() == null) continue;
            for (MetricPoint p : f.outcome().metrics()) sb.append(row(f.plan().widthLabel(), f.plan().replicate(), p)).append('\n');
        }
        atomicWrite(dir.resolve("metrics.csv"), sb.toString());
    }

    private void writeJson() {
        Map<String, Object> root = new LinkedHashMap<>(provenance);
        List<Object> runs = new ArrayList<>();
        long flops = 0;
        for (Finished f : finished) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("width", f.plan().widthLabel());
            r.put("seed", f.plan().replicate());
            r.put("learning_rate", f.plan().train().learningRate());
            r.put("init_seed", f.plan().initSeed());
            r.put("batch_seed", f.plan().train().seed());
            r.put("threads", f.plan().threads());
            if (f.outcome() != null) {
                RunOutcome o = f.outcome();
                r.put("steps", o.stepsDone());
                r.put("train_seconds", o.trainSeconds());
                r.put("eval_seconds", o.evalSeconds());
                r.put("wall_seconds", o.wallSeconds());
                r.put("final_step_seconds", o.finalStepSeconds());
                r.put("matrix_flops", o.matrixFlops());
                r.put("status", o.diverged() == null ? "ok" : "diverged at " + o.diverged());
                flops += o.matrixFlops();
            } else {
                r.put("status", "failed: " + f.failure());
            }
            runs.add(r);
        }
        root.put("runs", runs);
        root.put("total_matrix_flops", flops);
        root.put("updated", Instant.now().toString());
        String json = ConfigValueFactory.fromMap(root).render(ConfigRenderOptions.concise().setJson(true).setFormatted(true));
        atomicWrite(dir.resolve("run.json"), json + "\n");
    }

    /** Provenance entries plus the resolved config (given as JSON). */
    public static Map<String, Object> provenance(String configJson, Map<String, Object> versions) {
        Map<String, Object> m = new LinkedHashMap<>(versions);
        m.put("started", Instant.now().toString());
        m.put("config", ConfigFactory.parseString(configJson).root().unwrapped());
        return m;
    }

    /**
     * Writes a file so that it is the old one or the new one, never half of either: write a temp file,
     * flush it to the device, rename it over the target.
     */
    public static void atomicWrite(Path target, String content) {
        try {
            // write, flush to the device, rename: the target is the old file or the new one, never a half-written one
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

}

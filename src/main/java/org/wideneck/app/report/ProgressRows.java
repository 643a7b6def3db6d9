package org.wideneck.app.report;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.wideneck.app.files.FileStore;
import org.wideneck.core.loop.MetricPoint;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.RunPlan;

/**
 * A running run's metric rows, written after each of its evaluations to {@code progress/<run>.csv} in its output
 * directory (from wherever it runs, like its checkpoints), for the sweep's report in progress ({@link LiveReport}).
 * The first line says how far the run is and at which learning rate ({@code # step S of T, lr μ}); the others are
 * metrics.csv rows. A file that
 * cannot be written is skipped: the report in progress is a view, the run's results do not depend on it.
 */
public final class ProgressRows implements RunHooks.RunObserver {
    private static final long serialVersionUID = 1L;
    /** The directory, in each group's output directory. */
    public static final String DIR = "progress";
    private final FileStore outDir;

    public ProgressRows(FileStore outDir) {
        this.outDir = outDir;
    }

    @Override
    public void evaluated(RunPlan plan, List<MetricPoint> rows, int step, int steps) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "# step %d of %d, lr %s%n", step, steps,
                Double.toString(plan.train().learningRate())));
        for (MetricPoint p : rows) sb.append(RunOutputs.row(plan.widthLabel(), plan.replicate(), p)).append('\n');
        try {
            FileStore dir = plan.group().isEmpty() ? outDir : outDir.resolve(plan.group());
            dir.writeView(DIR + "/" + plan.key() + ".csv", sb.toString());
        } catch (IOException | RuntimeException e) {
            // a view only: the run goes on
        }
    }
}

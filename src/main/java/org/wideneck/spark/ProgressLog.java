package org.wideneck.spark;

import java.io.Serializable;
import org.wideneck.core.loop.TrainingLoop;

/**
 * Prints a run's step rate and ETA at most every 10 seconds (and at the end) to standard output: the
 * console in local mode, the executor's log on a cluster.
 */
final class ProgressLog implements TrainingLoop.Progress, Serializable {
    private static final long serialVersionUID = 1L;
    private static final double INTERVAL = 10.0;
    private final String label;
    private double lastPrint;

    ProgressLog(String label) {
        this.label = label;
    }

    @Override
    public void onStep(int step, int total, double trainSeconds, double wallSeconds) {
        if (step != 1 && wallSeconds - lastPrint < INTERVAL && step != total) return;
        lastPrint = wallSeconds;
        double rate = step / Math.max(wallSeconds, 1e-9);
        double eta = (total - step) / Math.max(rate, 1e-9);
        System.out.printf("[%s] step %d/%d (%.0f%%)  %.1f steps/s  elapsed %s  ETA %s%n", label, step, total,
                100.0 * step / Math.max(total, 1), rate, duration(wallSeconds), duration(eta));
    }

    static String duration(double s) {
        long t = Math.round(s);
        if (t >= 3600) return String.format("%dh%02dm", t / 3600, (t % 3600) / 60);
        if (t >= 60) return String.format("%dm%02ds", t / 60, t % 60);
        return t + "s";
    }
}

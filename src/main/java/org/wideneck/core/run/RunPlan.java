package org.wideneck.core.run;

import java.io.Serializable;
import org.wideneck.core.init.NetworkWeights;

/**
 * Everything one run needs besides the data: which model, its bottleneck width ({@link #INF} for the
 * infinite bottleneck), the initial state (drawn from {@code initSeed} at hidden width {@code initWidth},
 * or given {@code weights}), and how to train.
 *
 * @param width      bottleneck width d, or {@link #INF}
 * @param finite     true: the finite-width network of SPEC §6 in parameter space
 * @param replicate  the seed column of the metrics (init seed of this replicate)
 * @param infWidth   m = n of the inf runs' F_0 draw (SPEC §3)
 * @param weights    imported initial weights, or null to draw them
 * @param threads    threads of the run (results do not depend on them)
 */
public record RunPlan(int width, boolean finite, long replicate, long initSeed, int initWidth, int infWidth,
                      boolean zeroOutput, NetworkWeights weights, TrainSettings train, int threads)
        implements Serializable {
    public static final int INF = Integer.MAX_VALUE;

    public boolean infinite() {
        return width == INF;
    }

    /** "width=… seed=… lr=…", for progress lines. */
    public String label() {
        return "width=" + widthLabel() + " seed=" + replicate + " lr=" + rateLabel(train.learningRate());
    }

    /** The run's name in file names (its checkpoints): width, replicate and μ, e.g. "100-seed2-lr0.5". */
    public String key() {
        return widthLabel() + "-seed" + replicate + "-lr" + rateLabel(train.learningRate());
    }

    /** μ as written in labels and directory names: 1, 0.5, 3.0E-4. */
    public static String rateLabel(double lr) {
        return lr == Math.rint(lr) && Math.abs(lr) < 1e15 ? Long.toString((long) lr) : Double.toString(lr);
    }

    /** The same plan with another thread count (0 = the cores of the task that runs it). */
    public RunPlan withThreads(int t) {
        return new RunPlan(width, finite, replicate, initSeed, initWidth, infWidth, zeroOutput, weights, train, t);
    }

    public String widthLabel() {
        return infinite() ? "inf" : Integer.toString(width);
    }
}

package org.wideneck.core.run;

import java.io.Serializable;
import org.wideneck.core.init.InitSettings;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.model.Model;

/**
 * Everything one run needs besides the data: the model, how it is simulated, its initial state, how it trains, and
 * where its results go.
 *
 * @param replicate the seed column of the metrics (replicate r of a sweep)
 * @param group     the output group of the run: "" for a sweep's single directory, "lr-μ" for one learning rate of
 *                  several
 * @param threads   threads of the run (results do not depend on them; 0: the cores of the task that runs it)
 */
public record RunPlan(Model model, Simulator simulator, long replicate, InitSettings init, TrainSettings train, String group, int threads)
        implements Serializable {

    public boolean infinite() {
        return model.infinite();
    }

    public boolean finiteNetwork() {
        return simulator == Simulator.FINITE_NETWORK;
    }

    /** "width=… seed=… lr=…", for progress lines. */
    public String label() {
        return "width=" + widthLabel() + " seed=" + replicate + " lr=" + rateLabel(train.learningRate());
    }

    /** The run's name in file names (its checkpoints, its model): width, replicate and μ, e.g. "100-seed2-lr0.5". */
    public String key() {
        return widthLabel() + "-seed" + replicate + "-lr" + rateLabel(train.learningRate());
    }

    /** μ as written in labels and directory names: 1, 0.5, 3.0E-4. */
    public static String rateLabel(double lr) {
        return lr == Math.rint(lr) && Math.abs(lr) < 1e15 ? Long.toString((long) lr) : Double.toString(lr);
    }

    /** The same plan with another thread count (0 = the cores of the task that runs it). */
    public RunPlan withThreads(int t) {
        return new RunPlan(model, simulator, replicate, init, train, group, t);
    }

    public String widthLabel() {
        return model.widthLabel();
    }
}

package org.wideneck.core.loop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Evaluation;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.init.Seeds;

/**
 * The run's metrics (SPEC §5) and the divergence rule on them: the loss and accuracy of the test set and of the
 * training set (or a fixed seeded subset of {@code evalTrainSize} of its points) at step 0, every {@code evalEvery}
 * steps and at the end, each row stamped with the wall seconds so far. A split without points has no rows. The rule:
 * a run stops, with the rows it has and a note naming the step, when a loss is not finite (its rows are dropped), or
 * exceeds {@link TrainSettings#divergenceFactor()} times that split's loss at step 0 (the row that shows it is kept).
 */
public final class Evaluations implements StatefulListener {
    private final Problem problem;
    private final TrainSettings settings;
    private final int[] trainRows;
    private final Dataset trainSubset;
    private final List<MetricPoint> rows = new ArrayList<>();
    /** By split; NaN for a split without points. */
    private double[] startLoss;
    private long nanos;

    public Evaluations(Problem problem, TrainSettings settings) {
        this.problem = problem;
        this.settings = settings;
        int n = problem.train().size();
        if (settings.evalTrainRows(n) == n) {
            trainRows = null;
            trainSubset = null;
        } else {
            int[] perm = Seeds.permutation(Seeds.stream(settings.seed(), "eval-train", n), n);
            trainRows = Arrays.copyOf(perm, settings.evalTrainSize());
            Arrays.sort(trainRows);
            trainSubset = problem.train().subset(trainRows);
        }
    }

    @Override
    public String started(LoopContext ctx) {
        if (ctx.step() > 0 || !rows.isEmpty()) return null; // a resumed run has its step-0 rows
        long t = System.nanoTime();
        String bad = evaluate(ctx.sim(), 0, ctx);
        if (bad == null) {
            startLoss = new double[] {Double.NaN, Double.NaN};
            for (MetricPoint p : rows) startLoss[p.split().ordinal()] = p.loss();
        }
        nanos += System.nanoTime() - t;
        return bad;
    }

    @Override
    public String afterStep(LoopContext ctx) {
        int step = ctx.step();
        if (ctx.stopping() != null || (step % settings.evalEvery() != 0 && step != settings.steps())) return null;
        long t = System.nanoTime();
        String r = evaluate(ctx.sim(), step, ctx);
        nanos += System.nanoTime() - t;
        return r;
    }

    /** The rows so far. */
    public List<MetricPoint> rows() {
        return List.copyOf(rows);
    }

    /** Whether the last row recorded is of this step (an evaluation just succeeded). */
    public boolean recordedAt(int step) {
        return !rows.isEmpty() && rows.get(rows.size() - 1).step() == step;
    }

    /** The train loss at step 0 (the divergence rule's base), NaN before it is known. */
    public double startTrainLoss() {
        return startLoss == null ? Double.NaN : startLoss[Split.TRAIN.ordinal()];
    }

    /** Seconds spent evaluating. */
    public double seconds() {
        return nanos * 1e-9;
    }

    /**
     * Appends the rows of both splits (in {@link Split} order) and returns a divergence note, or null: a loss that is
     * not finite (its rows are dropped), or one past the factor times its step-0 value (none at step 0; the rows are
     * kept, they are what the run measured).
     */
    private String evaluate(Simulation sim, int step, LoopContext ctx) {
        String bad = null, grown = null;
        List<MetricPoint> now = new ArrayList<>(2);
        double factor = settings.divergenceFactor();
        for (Split split : Split.values()) {
            if (problem.split(split).size() == 0) continue;
            Evaluation e = split == Split.TRAIN && trainRows != null ? sim.evaluate(trainSubset, Split.TRAIN, trainRows)
                    : sim.evaluate(problem.split(split), split, null);
            if (!Double.isFinite(e.loss())) {
                bad = "step " + step + ": " + split.label() + " loss is " + e.loss();
            } else if (startLoss != null && grown == null && e.loss() > factor * floor(startLoss[split.ordinal()])) {
                grown = String.format(Locale.ROOT, "step %d: %s loss %.4g is more than %s × its step-0 value %.4g", step, split.label(), e.loss(),
                        factorLabel(factor), startLoss[split.ordinal()]);
            }
            now.add(new MetricPoint(step, split, e.loss(), e.accuracy(), 0));
        }
        if (bad != null) return bad;
        double wall = ctx.wallSeconds();
        for (MetricPoint p : now) rows.add(new MetricPoint(p.step(), p.split(), p.loss(), p.accuracy(), wall));
        return grown;
    }

    static String factorLabel(double f) {
        return f == Math.rint(f) && f < 1e15 ? Long.toString((long) f) : Double.toString(f);
    }

    /** A positive base for the growth test, so a start loss of exactly 0 still has a finite bound. */
    static double floor(double loss) {
        return Math.max(loss, Double.MIN_NORMAL);
    }

    @Override
    public void save(StateOutput out) throws IOException {
        out.tag("evaluations");
        out.writeLong(nanos);
        out.writeDoubles(startLoss);
        out.writeInt(rows.size());
        for (MetricPoint p : rows) {
            out.writeInt(p.step());
            out.writeInt(p.split().ordinal());
            out.writeDouble(p.loss());
            out.writeDouble(p.accuracy());
            out.writeDouble(p.wallSeconds());
        }
    }

    @Override
    public void restore(StateInput in) throws IOException {
        in.expect("evaluations");
        nanos = in.readLong();
        startLoss = in.readDoubles("step-0 losses", 2L);
        int n = in.readInt("metric rows", 2, 2 * (settings.steps() + 1));
        rows.clear();
        for (int i = 0; i < n; i++) {
            int st = in.readInt("metric step", 0, settings.steps());
            Split split = Split.values()[in.readInt("metric split", 0, Split.values().length - 1)];
            rows.add(new MetricPoint(st, split, in.readDouble(), in.readDouble(), in.readDouble()));
        }
    }
}

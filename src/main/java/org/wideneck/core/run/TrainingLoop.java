package org.wideneck.core.run;

import java.util.ArrayList;
import java.util.List;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.data.Evaluation;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.dynamics.DivergedException;

/**
 * Drives a {@link Simulation}: batches from {@link BatchSchedule}, metrics at step 0, every
 * {@code evalEvery} steps and at the end (SPEC §5), training and evaluation timed apart. A split without
 * points (a run fitted without test points) has no rows.
 *
 * <p>Divergence rule: a run is stopped, with the rows it has and a {@code diverged} note naming the step,
 * when (a) its outputs stop being finite, (b) at an evaluation a split's loss exceeds
 * {@link TrainSettings#divergenceFactor()} times that split's loss at step 0 (the row that shows it is
 * kept), or (c) after a step the batch's mean loss exceeds that factor times the step-0 train loss.
 */
public final class TrainingLoop {
    /** Told of progress after every step; implementations rate-limit their own output. */
    public interface Progress {
        void onStep(int step, int totalSteps, double trainSeconds, double wallSeconds);

        Progress NONE = (s, t, ts, ws) -> {};
    }

    /** Steps at the end of a run whose mean time is reported as the step time at the largest history. */
    public static final int TAIL_STEPS = 50;

    private TrainingLoop() {}

    public static RunOutcome run(Simulation sim, Problem problem, TrainSettings settings, Progress progress) {
        return run(sim, problem, settings, progress, Checkpointing.NONE, null);
    }

    /**
     * Trains sim to {@code settings.steps()}, writing checkpoints as {@code ck} says; {@code from} is what
     * a checkpoint held (sim then is its simulation), or null to start at step 0. A checkpoint that cannot
     * be written is noted and the run goes on.
     */
    public static RunOutcome run(Simulation sim, Problem problem, TrainSettings settings, Progress progress, Checkpointing ck,
                                 Checkpoints.Resumed<?> from) {
        LoopState l = from != null ? from.loop() : new LoopState();
        long start = System.nanoTime() - l.elapsedNanos;
        long flopsOffset = l.flops - sim.matrixFlops();
        int tailFrom = Math.max(0, settings.steps() - TAIL_STEPS);
        BatchSchedule schedule = new BatchSchedule(problem.train().size(), settings.batchSize(), settings.seed());
        schedule.seek(l.schedule[0], l.schedule[1]);
        // the batches still to come (nothing past the run's last step is read); drawn counts the batches taken
        int[] drawn = {l.step};
        sim.lookahead(k -> schedule.peek(Math.max(0, Math.min(k, settings.steps() - drawn[0]))));
        String diverged = null;
        EvalSets sets = EvalSets.of(problem, settings);
        FeatureDiagnostics diag = from != null ? from.diag()
                : settings.features() ? new FeatureDiagnostics(problem.train(), settings.seed()) : null;
        long t;
        if (from == null) {
            t = System.nanoTime();
            diverged = evaluate(sim, sets, 0, start, l.rows, null, settings.divergenceFactor());
            l.evalNanos += System.nanoTime() - t;
            if (diverged == null) { // by split (NaN for a split without points, which has no rows)
                l.startLoss = new double[] {Double.NaN, Double.NaN};
                for (MetricPoint p : l.rows) l.startLoss[p.split().ordinal()] = p.loss();
            }
            if (diag != null && diverged == null) l.features.add(features(sim, diag, problem, 0));
        }
        while (diverged == null && l.step < settings.steps()) {
            t = System.nanoTime();
            sim.lazyTrainUpdates(settings.embeddingUpdate().lazyAt(l.step, settings, problem.train().size()));
            try {
                int[] batch = schedule.next();
                drawn[0]++;
                sim.step(batch);
            } catch (DivergedException e) {
                diverged = "step " + (l.step + 1) + ": " + e.getMessage();
                break;
            } finally {
                long dt = System.nanoTime() - t;
                l.trainNanos += dt;
                if (l.step >= tailFrom) l.tailNanos += dt;
            }
            l.step++;
            int step = l.step;
            double batchLoss = sim.lastBatchLoss();
            if (batchLoss > settings.divergenceFactor() * floor(l.startLoss[0])) {
                diverged = String.format(java.util.Locale.ROOT, "step %d: batch loss %.4g is more than %s × the step-0 train loss %.4g",
                        step, batchLoss, factor(settings.divergenceFactor()), l.startLoss[0]);
                break;
            }
            if (step % settings.evalEvery() == 0 || step == settings.steps()) {
                t = System.nanoTime();
                diverged = evaluate(sim, sets, step, start, l.rows, l.startLoss, settings.divergenceFactor());
                if (diag != null && l.rows.get(l.rows.size() - 1).step() == step) l.features.add(features(sim, diag, problem, step));
                l.evalNanos += System.nanoTime() - t;
            }
            if (diverged == null && ck.due(step, settings.steps())) checkpoint(ck, l, diag, sim, schedule, start, flopsOffset);
            progress.onStep(step, settings.steps(), l.trainNanos * 1e-9, (System.nanoTime() - start) * 1e-9);
        }
        int tail = Math.max(1, l.step - tailFrom);
        return new RunOutcome(List.copyOf(l.rows), l.step, l.trainNanos * 1e-9, l.evalNanos * 1e-9, (System.nanoTime() - start) * 1e-9,
                sim.matrixFlops() + flopsOffset, l.tailNanos * 1e-9 / tail, diverged, List.copyOf(l.features), null, sim.stepSeconds());
    }

    private static void checkpoint(Checkpointing ck, LoopState l, FeatureDiagnostics diag, Simulation sim, BatchSchedule schedule,
                                   long start, long flopsOffset) {
        l.schedule = schedule.position();
        l.elapsedNanos = System.nanoTime() - start;
        l.flops = sim.matrixFlops() + flopsOffset;
        try {
            Checkpoints.save(ck, l, diag, sim);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            ck.log().accept("the checkpoint at step " + l.step + " could not be written (" + e.getMessage() + "); the run goes on");
        }
    }

    private static FeatureDiagnostics.FeaturePoint features(Simulation sim, FeatureDiagnostics diag, Problem p, int step) {
        double[] g = sim.embeddings(diag.rows());
        return g == null ? diag.atInfinite(step, p.train()) : diag.at(step, g, g.length / diag.rows().length);
    }

    /** What is evaluated: the test set, and the training set or its fixed subset. */
    private record EvalSets(Problem problem, int[] trainRows, Dataset trainSubset) {

        static EvalSets of(Problem p, TrainSettings s) {
            int n = p.train().size();
            if (s.evalTrainRows(n) == n) return new EvalSets(p, null, null);
            int[] perm = org.wideneck.core.init.Seeds.permutation(org.wideneck.core.init.Seeds.stream(s.seed(), "eval-train", n), n);
            int[] rows = java.util.Arrays.copyOf(perm, s.evalTrainSize());
            java.util.Arrays.sort(rows);
            return new EvalSets(p, rows, p.train().subset(rows));
        }

        Evaluation evaluate(Simulation sim, Split split) {
            if (split == Split.TRAIN && trainRows != null) {
                return sim.evaluate(trainSubset, Split.TRAIN, trainRows);
            }
            return sim.evaluate(problem.split(split), split);
        }
    }

    private static String factor(double f) {
        return f == Math.rint(f) && f < 1e15 ? Long.toString((long) f) : Double.toString(f);
    }

    /** A positive base for the growth test, so a start loss of exactly 0 still has a finite bound. */
    private static double floor(double loss) {
        return Math.max(loss, Double.MIN_NORMAL);
    }

    /**
     * Appends the rows of both splits (in {@link Split} order) and returns a divergence note, or null: a
     * loss that is not finite (its rows are dropped), or one past factor × its step-0 value in startLoss
     * (null at step 0; the rows are kept, they are what the run measured).
     */
    private static String evaluate(Simulation sim, EvalSets sets, int step, long start, List<MetricPoint> rows,
                                   double[] startLoss, double factor) {
        String bad = null, grown = null;
        List<MetricPoint> now = new ArrayList<>(2);
        for (Split split : Split.values()) {
            if (sets.problem().split(split).size() == 0) continue; // no points, no rows (a run without test points)
            Evaluation e = sets.evaluate(sim, split);
            if (!Double.isFinite(e.loss())) {
                bad = "step " + step + ": " + split.label() + " loss is " + e.loss();
            } else if (startLoss != null && grown == null && e.loss() > factor * floor(startLoss[split.ordinal()])) {
                grown = String.format(java.util.Locale.ROOT, "step %d: %s loss %.4g is more than %s × its step-0 value %.4g",
                        step, split.label(), e.loss(), factor(factor), startLoss[split.ordinal()]);
            }
            now.add(new MetricPoint(step, split, e.loss(), e.accuracy(), 0));
        }
        if (bad != null) return bad;
        double wall = (System.nanoTime() - start) * 1e-9;
        for (MetricPoint p : now) rows.add(new MetricPoint(p.step(), p.split(), p.loss(), p.accuracy(), wall));
        return grown;
    }
}

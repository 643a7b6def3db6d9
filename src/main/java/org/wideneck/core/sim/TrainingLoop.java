package org.wideneck.core.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link Simulation}: batches from {@link BatchSchedule}, metrics at step 0, every
 * {@code evalEvery} steps and at the end (SPEC §5), training and evaluation timed apart. A run whose
 * outputs stop being finite ends there with the rows it has and a {@code diverged} note.
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
        long start = System.nanoTime();
        long trainNanos = 0, evalNanos = 0, tailNanos = 0;
        int tailFrom = Math.max(0, settings.steps() - TAIL_STEPS);
        List<MetricPoint> rows = new ArrayList<>();
        BatchSchedule schedule = new BatchSchedule(problem.train().size(), settings.batchSize(), settings.seed());
        String diverged = null;
        int step = 0;
        EvalSets sets = EvalSets.of(problem, settings);
        long t = System.nanoTime();
        diverged = evaluate(sim, sets, 0, start, rows);
        evalNanos += System.nanoTime() - t;
        while (diverged == null && step < settings.steps()) {
            t = System.nanoTime();
            try {
                sim.step(schedule.next());
            } catch (DivergedException e) {
                diverged = "step " + (step + 1) + ": " + e.getMessage();
                break;
            } finally {
                long dt = System.nanoTime() - t;
                trainNanos += dt;
                if (step >= tailFrom) tailNanos += dt;
            }
            step++;
            if (step % settings.evalEvery() == 0 || step == settings.steps()) {
                t = System.nanoTime();
                diverged = evaluate(sim, sets, step, start, rows);
                evalNanos += System.nanoTime() - t;
            }
            progress.onStep(step, settings.steps(), trainNanos * 1e-9, (System.nanoTime() - start) * 1e-9);
        }
        int tail = Math.max(1, step - tailFrom);
        return new RunOutcome(rows, step, trainNanos * 1e-9, evalNanos * 1e-9, (System.nanoTime() - start) * 1e-9,
                sim.matrixFlops(), tailNanos * 1e-9 / tail, diverged);
    }

    /** What is evaluated: the test set, and the training set or its fixed subset. */
    private record EvalSets(Problem problem, int[] trainRows, Dataset trainSubset) {
        static EvalSets of(Problem p, TrainSettings s) {
            int n = p.train().size();
            if (s.evalTrainSize() == 0 || s.evalTrainSize() >= n) return new EvalSets(p, null, null);
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

    /** Appends the rows of both splits; returns a divergence note if a loss is not finite. */
    private static String evaluate(Simulation sim, EvalSets sets, int step, long start, List<MetricPoint> rows) {
        String bad = null;
        List<MetricPoint> now = new ArrayList<>(2);
        for (Split split : Split.values()) {
            Evaluation e = sets.evaluate(sim, split);
            if (!Double.isFinite(e.loss())) {
                bad = "step " + step + ": " + split.label() + " loss is " + e.loss();
            }
            now.add(new MetricPoint(step, split, e.loss(), e.accuracy(), 0));
        }
        if (bad != null) return bad;
        double wall = (System.nanoTime() - start) * 1e-9;
        for (MetricPoint p : now) rows.add(new MetricPoint(p.step(), p.split(), p.loss(), p.accuracy(), wall));
        return null;
    }
}

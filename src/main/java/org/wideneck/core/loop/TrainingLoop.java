package org.wideneck.core.loop;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.DeferredUpdates;
import org.wideneck.core.dynamics.DivergedException;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.dynamics.Timed;

/**
 * Drives a {@link Simulation}: draws each step's batch from {@link BatchSchedule} (SPEC §4), tells a simulation that
 * defers its updates how to apply them ({@link EmbeddingUpdate}), steps it and times the step. Everything that watches
 * the run — evaluations, the divergence rule, feature diagnostics, checkpoints, progress — is a {@link StepListener},
 * called after every step in the order given; the first reason a listener gives stops the run after that step (the
 * listeners after it still see the step, with the reason in {@link LoopContext#stopping}). A step whose outputs stop
 * being finite stops the run at once.
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

    /**
     * Where the loop stands, the loop's own part of a checkpoint: steps done, where the batch schedule stands, seconds
     * spent stepping (all, and in the tail), wall seconds so far, and the flops of the run before this process's
     * simulation (so a resumed run's counts continue).
     */
    public static final class Position {
        int step;
        int[] schedule = {-1, 0};
        long trainNanos;
        long tailNanos;
        long elapsedNanos;
        long flops;

        /** A fresh run's position: nothing done. */
        public static Position start() {
            return new Position();
        }

        public int step() {
            return step;
        }

        /** {epoch, position in the epoch's permutation} of the batch schedule (a copy). */
        public int[] schedule() {
            return schedule.clone();
        }

        /** The same position with the batch schedule elsewhere (a copy). */
        public Position withSchedule(int epoch, int pos) {
            Position p = new Position();
            p.step = step;
            p.schedule = new int[] {epoch, pos};
            p.trainNanos = trainNanos;
            p.tailNanos = tailNanos;
            p.elapsedNanos = elapsedNanos;
            p.flops = flops;
            return p;
        }

        public void write(StateOutput out) throws IOException {
            out.tag("loop-v2");
            out.writeInt(step);
            out.writeInt(schedule[0]);
            out.writeInt(schedule[1]);
            for (long v : new long[] {trainNanos, tailNanos, elapsedNanos, flops}) out.writeLong(v);
        }

        /** A position {@link #write} wrote, for a run of the given settings. */
        public static Position read(StateInput in, TrainSettings s) throws IOException {
            in.expect("loop-v2");
            Position p = new Position();
            p.step = in.readInt("steps done", 1, s.steps());
            p.schedule = new int[] {in.readInt(), in.readInt()};
            p.trainNanos = in.readLong();
            p.tailNanos = in.readLong();
            p.elapsedNanos = in.readLong();
            p.flops = in.readLong();
            return p;
        }
    }

    /**
     * Trains sim to {@code settings.steps()} from the position {@code at} (its simulation restored to that step, or a
     * fresh one at {@link Position#start}), the listeners watching. Modifies at.
     */
    public static LoopResult run(Simulation sim, Problem problem, TrainSettings settings, List<StepListener> listeners, Position at) {
        long start = System.nanoTime() - at.elapsedNanos;
        long flopsOffset = at.flops - sim.matrixFlops();
        int tailFrom = Math.max(0, settings.steps() - TAIL_STEPS);
        BatchSchedule schedule = new BatchSchedule(problem.train().size(), settings.batchSize(), settings.seed());
        schedule.seek(at.schedule[0], at.schedule[1]);
        DeferredUpdates deferred = sim instanceof DeferredUpdates du ? du : null;
        // the batches still to come (nothing past the run's last step is read); drawn counts the batches taken
        int[] drawn = {at.step};
        if (deferred != null) deferred.lookahead(k -> schedule.peek(Math.max(0, Math.min(k, settings.steps() - drawn[0]))));
        Context ctx = new Context(sim, problem, settings, at, start);
        String stop = null;
        for (StepListener l : listeners) {
            String r = l.started(ctx);
            if (stop == null) stop = r;
            ctx.stopping = stop;
        }
        while (stop == null && at.step < settings.steps()) {
            long t = System.nanoTime();
            if (deferred != null) deferred.lazyTrainUpdates(settings.embeddingUpdate().lazyAt(at.step, settings, problem.train().size()));
            try {
                int[] batch = schedule.next();
                drawn[0]++;
                sim.step(batch);
            } catch (DivergedException e) {
                stop = "step " + (at.step + 1) + ": " + e.getMessage();
                break;
            } finally {
                long dt = System.nanoTime() - t;
                at.trainNanos += dt;
                if (at.step >= tailFrom) at.tailNanos += dt;
            }
            at.step++;
            at.schedule = schedule.position();
            at.elapsedNanos = System.nanoTime() - start;
            at.flops = sim.matrixFlops() + flopsOffset;
            ctx.stopping = null;
            for (StepListener l : listeners) {
                String r = l.afterStep(ctx);
                if (stop == null) stop = r;
                ctx.stopping = stop;
            }
        }
        int tail = Math.max(1, at.step - tailFrom);
        Map<String, Double> parts = sim instanceof Timed timed ? timed.stepSeconds() : Map.of();
        return new LoopResult(at.step, at.trainNanos * 1e-9, (System.nanoTime() - start) * 1e-9, sim.matrixFlops() + flopsOffset,
                at.tailNanos * 1e-9 / tail, stop, parts);
    }

    private static final class Context implements LoopContext {
        private final Simulation sim;
        private final Problem problem;
        private final TrainSettings settings;
        private final Position at;
        private final long start;
        String stopping;

        Context(Simulation sim, Problem problem, TrainSettings settings, Position at, long start) {
            this.sim = sim;
            this.problem = problem;
            this.settings = settings;
            this.at = at;
            this.start = start;
        }

        @Override
        public Simulation sim() {
            return sim;
        }

        @Override
        public Problem problem() {
            return problem;
        }

        @Override
        public TrainSettings settings() {
            return settings;
        }

        @Override
        public int step() {
            return at.step;
        }

        @Override
        public double wallSeconds() {
            return (System.nanoTime() - start) * 1e-9;
        }

        @Override
        public double trainSeconds() {
            return at.trainNanos * 1e-9;
        }

        @Override
        public String stopping() {
            return stopping;
        }

        @Override
        public Position position() {
            return at;
        }
    }
}

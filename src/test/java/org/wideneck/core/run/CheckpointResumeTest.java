package org.wideneck.core.run;

import org.wideneck.core.model.Model;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.loop.MetricPoint;
import org.wideneck.core.loop.FeatureDiagnostics;
import org.wideneck.core.loop.EmbeddingUpdate;
import org.wideneck.core.loop.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.wideneck.core.checkpoint.MemoryStore;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.parallel.Workers;

/**
 * A run continued from a checkpoint ends with the metrics (and feature diagnostics) of the uninterrupted
 * run, bitwise; a corrupt or truncated newest checkpoint falls back to the one before it, and with none
 * usable the run starts again from step 0.
 */
class CheckpointResumeTest {
    // 600 points, B = 40: 15 steps an epoch, the deferred training updates flushed every 6 steps, history
    // past one 2048-row chunk at step 52; checkpoints every 9 steps (off the flush, evaluation and epoch
    // boundaries) — the newest two kept are those after steps 54 and 63 of 70
    static final Problem P = SmallProblems.regression(31, 600, 150, 5, 2);
    static final TrainSettings S = new TrainSettings(70, 40, 0.4, 7, 10, 200, 100, true);

    /**
     * kind: bottleneck, inf or finite; "-lazy": with the lazy embedding update (kept blocks and counts checkpointed);
     * "-family": erf, two hidden layers in g, cross-entropy on class targets, momentum 0.9 (velocities checkpointed).
     */
    static RunPlan plan(String kind) {
        int width = kind.startsWith("inf") ? Model.INF : 6;
        // lazy without the feature diagnostics, which read every one of the 600 points at each evaluation
        TrainSettings s = kind.contains("-lazy") ? new TrainSettings(70, 40, 0.4, 7, 10, 200, 100, false, EmbeddingUpdate.LAZY) : S;
        Model model = kind.contains("-family") ? new Model(width, Activation.named("erf"), 2, Loss.CROSS_ENTROPY, new Momentum(0.9))
                : Model.paper(width);
        return Plans.of(model, kind.startsWith("finite"), 1, 5, 200, 200, false, null, s, 2);
    }

    static Problem problem(RunPlan plan) {
        return plan.model().loss() == Loss.MSE ? P : CLASSES;
    }

    static final Problem CLASSES = SmallProblems.classification(31, 600, 150, 5, 3);

    /** The rows without their wall seconds, which a resumed run cannot share. */
    static List<String> results(RunOutcome o) {
        List<String> out = new ArrayList<>();
        for (MetricPoint p : o.metrics()) out.add(p.step() + " " + p.split() + " " + Double.doubleToRawLongBits(p.loss()) + " " + p.accuracy());
        for (FeatureDiagnostics.FeaturePoint f : o.features()) out.add(f.toString());
        out.add("steps " + o.stepsDone() + " diverged " + o.diverged());
        return out;
    }

    static RunOutcome run(RunPlan plan, MemoryStore store, List<String> log) {
        return RunExecutor.execute(plan, problem(plan), RunHooks.none().withStores(store == null ? null : store.factory(9)).withLog(log::add));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bottleneck", "inf", "finite", "bottleneck-lazy", "inf-lazy", "bottleneck-family", "inf-lazy-family",
        "finite-family", "bottleneck-lazy-family"})
    void resumedRunEqualsUninterruptedRunBitwise(String kind) {
        RunPlan plan = plan(kind);
        List<String> log = new ArrayList<>();
        RunOutcome plain = run(plan, null, log);
        MemoryStore store = new MemoryStore();
        RunOutcome checkpointed = run(plan, store, log);
        assertEquals(results(plain), results(checkpointed), "writing checkpoints changes nothing");
        assertEquals(7, store.writes);
        assertEquals(List.of(63, 54), store.entries().stream().map(e -> e.step()).toList());
        assertEquals(List.of(), log);

        RunOutcome resumed = run(plan, store, log); // as after a crash past step 63: continues from 63
        assertEquals(List.of("resuming from the checkpoint after step 63"), log);
        assertEquals(results(plain), results(resumed));
        assertEquals(plain.matrixFlops(), resumed.matrixFlops(), "flops of the steps before the checkpoint are kept");
    }

    @Test
    void corruptNewestCheckpointFallsBackToThePreviousOne() {
        RunPlan plan = plan("bottleneck");
        RunOutcome plain = run(plan, null, new ArrayList<>());
        MemoryStore store = new MemoryStore();
        run(plan, store, new ArrayList<>());
        byte[] newest = store.files.get(63);
        newest[newest.length / 2] ^= 0x10; // one flipped bit in the state
        List<String> log = new ArrayList<>();
        RunOutcome resumed = run(plan, store, log);
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("checkpoint step-63 cannot be used (its SHA-256 checksum does not match); using the one before it"), log.get(0));
        assertEquals("resuming from the checkpoint after step 54", log.get(1));
        assertEquals(results(plain), results(resumed));
    }

    @Test
    void truncatedCheckpointsAreRefusedAndTheRunStartsOver() {
        RunPlan plan = plan("inf");
        RunOutcome plain = run(plan, null, new ArrayList<>());
        MemoryStore store = new MemoryStore();
        run(plan, store, new ArrayList<>());
        for (var e : store.files.entrySet()) e.setValue(java.util.Arrays.copyOf(e.getValue(), e.getValue().length - 100));
        List<String> log = new ArrayList<>();
        RunOutcome again = run(plan, store, log);
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(1).endsWith("starting from step 0"), log.get(1));
        assertEquals(results(plain), results(again));
    }

    @Test
    void aCheckpointOfAnotherRunIsNotContinued() {
        MemoryStore store = new MemoryStore();
        run(plan("bottleneck"), store, new ArrayList<>());
        RunPlan other = Plans.of(6, false, 1, 6, 200, 200, false, null, S, 2); // another init seed
        List<String> log = new ArrayList<>();
        RunOutcome o = run(other, store, log);
        assertTrue(log.get(0).contains("it belongs to another run"), log.get(0));
        assertEquals(results(run(other, null, new ArrayList<>())), results(o));
    }

    /** The comparison can fail: a resumed run whose batch schedule is one batch off ends elsewhere. */
    @Test
    void aScheduleOneBatchOffIsCaught() {
        RunPlan plan = plan("bottleneck");
        RunOutcome plain = run(plan, null, new ArrayList<>());
        MemoryStore store = new MemoryStore();
        run(plan, store, new ArrayList<>());
        Checkpointing ck = RunExecutor.checkpointing(plan, P, store.factory(9), s -> {});
        try (var w = new Workers(2)) {
            Checkpoints.Resumed<RunListeners, Simulation> from = Checkpoints.loadNewest(ck, S,
                    () -> RunListeners.plain(plan.model(), P, S), RunListeners::stateful, in -> RunExecutor.restore(plan, P, w, in));
            int[] at = from.position().schedule();
            TrainingLoop.Position off = from.position().withSchedule(at[0], at[1] + S.batchSize());
            RunOutcome shifted = from.listeners().outcome(TrainingLoop.run(from.sim(), P, S, from.listeners().ordered(), off));
            assertNotEquals(results(plain), results(shifted));
        }
    }

    /** A checkpoint that cannot be written (disk full) is noted; the run goes on to the same metrics. */
    @Test
    void aFailingCheckpointWriteDoesNotStopTheRun() {
        RunPlan plan = plan("inf");
        MemoryStore full = new MemoryStore() {
            private static final long serialVersionUID = 1L;

            @Override
            public void write(int step, Body body) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };
        List<String> log = new ArrayList<>();
        RunOutcome o = run(plan, full, log);
        assertEquals(results(run(plan, null, new ArrayList<>())), results(o));
        assertEquals(7, log.size(), log.toString());
        assertEquals("the checkpoint at step 9 could not be written (No space left on device); the run goes on", log.get(0));
    }
}

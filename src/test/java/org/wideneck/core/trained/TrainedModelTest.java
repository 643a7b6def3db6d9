package org.wideneck.core.trained;

import org.wideneck.core.model.Model;
import org.wideneck.core.run.Plans;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wideneck.core.checkpoint.CheckpointFormat;
import org.wideneck.core.checkpoint.CorruptCheckpointException;
import org.wideneck.core.checkpoint.MemoryStore;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.dynamics.Trajectory;
import org.wideneck.core.dynamics.UpdateSources;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.loop.EmbeddingUpdate;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.dynamics.TrajectoryRecorder;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.FinalOutputs;

/**
 * A trained run as a function of new points: applied to the run's own test points its outputs are the
 * run's final test outputs bitwise (bottleneck, inf, finite; eager and lazy; after a resume from a
 * checkpoint; in blocks of Grains.POINT_BLOCK as on Spark executors; on any number of threads), it survives
 * a save and load bit for bit, and — the check can fail — one merged group of updates, the same sums in
 * another rounding order, is not bitwise the run's.
 */
class TrainedModelTest {
    // 2100 test points: three blocks of POINT_BLOCK, the last one partial
    static final Problem P = SmallProblems.regression(17, 500, 2100, 5, 2);

    /** kind: bottleneck, inf or finite; "-lazy" for lazy embedding updates; "-family" for erf, two layers in g, momentum 0.9. */
    static RunPlan plan(String kind, boolean keep) {
        int width = kind.startsWith("inf") ? Model.INF : 6;
        TrainSettings s = new TrainSettings(60, 20, 0.5, 3, 20, 0, 100, false, kind.contains("-lazy") ? EmbeddingUpdate.LAZY : EmbeddingUpdate.EAGER)
                .withKeepModel(keep);
        Model model = kind.contains("-family") ? new Model(width, Activation.named("erf"), 2, Loss.MSE, new Momentum(0.9)) : Model.paper(width);
        return Plans.of(model, kind.startsWith("finite"), 1, 4, 300, 200, false, null, s, 2);
    }

    /** Runs the plan with a sink that keeps the model, and returns [model, the run's final test outputs]. */
    static Object[] train(RunPlan plan, MemoryStore store) {
        List<TrainedModel> got = new ArrayList<>();
        double[][] test = new double[1][];
        RunOutcome o = RunExecutor.execute(plan, P, RunHooks.none().withStores(store == null ? null : store.factory(25)).withModels((pl, m) -> {
            got.add(m);
            return "memory";
        }));
        assertEquals("memory", o.model());
        return new Object[] {got.get(0), o};
    }

    /** The run's own final test outputs, by running the same plan by hand. */
    static double[] finalTestOutputs(RunPlan plan) {
        return FinalOutputs.test(plan, P);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bottleneck", "inf", "finite", "bottleneck-lazy", "inf-lazy", "bottleneck-lazy-family", "inf-family",
        "finite-family"})
    void theModelGivesTheRunsOwnTestOutputsBitwise(String kind) throws IOException {
        RunPlan plan = plan(kind, true);
        TrainedModel m = (TrainedModel) train(plan, null)[0];
        double[] want = finalTestOutputs(plan(kind, false));
        int rows = P.test().size();
        try (Workers one = new Workers(1); Workers three = new Workers(3)) {
            assertArrayEquals(want, m.outputs(P.test().x(), rows, one), 0.0, "1 thread");
            assertArrayEquals(want, m.outputs(P.test().x(), rows, three), 0.0, "3 threads");
            // in blocks of POINT_BLOCK, as an executor computes a block
            double[] blocks = new double[rows * P.dr()];
            for (int b = 0; b < rows; b += Grains.POINT_BLOCK) {
                int r = Math.min(Grains.POINT_BLOCK, rows - b);
                double[] part = m.outputs(java.util.Arrays.copyOfRange(P.test().x(), b * P.d0(), (b + r) * P.d0()), r, one);
                System.arraycopy(part, 0, blocks, b * P.dr(), part.length);
            }
            assertArrayEquals(want, blocks, 0.0, "blocks of " + Grains.POINT_BLOCK);
            // saved and loaded: the same bits
            TrainedModel back = roundTrip(m);
            assertArrayEquals(want, back.outputs(P.test().x(), rows, three), 0.0, "after save and load");
            // new points (a shifted subset: other block offsets) — the same function to rounding
            double[] sub = java.util.Arrays.copyOfRange(P.test().x(), 7 * P.d0(), 307 * P.d0());
            double[] at = m.outputs(sub, 300, one);
            for (int i = 0; i < at.length; i++) assertEquals(want[7 * P.dr() + i], at[i], 1e-12 * (1 + Math.abs(at[i])));
        }
        if (!kind.startsWith("finite")) {
            assertEquals(60L * 20, m.sources(), "every step's batch");
            assertTrue(m.sourceRows() <= P.train().size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bottleneck", "inf", "bottleneck-lazy-family"})
    void aResumedRunSavesTheUninterruptedRunsModel(String kind) {
        RunPlan plan = plan(kind, true);
        TrainedModel plain = (TrainedModel) train(plan, null)[0];
        MemoryStore store = new MemoryStore();
        train(plan, store); // checkpoints after steps 25 and 50 are kept
        TrainedModel resumed = (TrainedModel) train(plan, store)[0]; // continues from step 50
        try (Workers w = new Workers(2)) {
            assertArrayEquals(plain.outputs(P.test().x(), P.test().size(), w), resumed.outputs(P.test().x(), P.test().size(), w), 0.0);
        }
        assertEquals(plain.groups(), resumed.groups());
    }

    @org.junit.jupiter.api.Test
    void theGroupingIsWhatMakesTheBitsTheRuns() {
        RunPlan plan = plan("bottleneck", true);
        double[] want = finalTestOutputs(plan(plan.widthLabel().equals("inf") ? "inf" : "bottleneck", false));
        try (Workers w = new Workers(2)) {
            Simulation sim = RunExecutor.start(plan, P, w);
            ((TrajectoryRecorder) sim).recordTrajectory();
            Plans.train(sim, P, plan.model(), plan.train());
            Trajectory t = ((TrajectoryRecorder) sim).trajectory();
            assertTrue(t.groups().size() > 1, "one group per evaluation");
            // the same sources as one group: the same sums, another rounding order
            int width = t.model().update().width(), count = (int) t.sources();
            int[] idx = new int[count], step = new int[count];
            double[] norm = new double[count], h = new double[count * width];
            int o = 0;
            for (UpdateSources u : t.groups()) {
                System.arraycopy(u.index(), 0, idx, o, u.count());
                System.arraycopy(u.step(), 0, step, o, u.count());
                System.arraycopy(u.norm(), 0, norm, o, u.count());
                System.arraycopy(u.h(), 0, h, o * width, u.count() * width);
                o += u.count();
            }
            UpdateSources one = new UpdateSources(count, width, idx, norm, h, step, t.groups().get(0).from(), t.groups().get(t.groups().size() - 1).to());
            Trajectory merged = new Trajectory(t.model(), List.of(one), t.history(), t.steps());
            TrainedModel m = TrainedModel.of(plan.model(), plan.init(), merged, P.train());
            double[] got = m.outputs(P.test().x(), P.test().size(), w);
            assertNotEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(got), "merged groups are not the run's bits");
            for (int i = 0; i < got.length; i++) assertEquals(want[i], got[i], 1e-12 * (1 + Math.abs(want[i])), "but the same function");
        }
    }

    @org.junit.jupiter.api.Test
    void aCorruptModelIsRefused() throws IOException {
        TrainedModel m = (TrainedModel) train(plan("inf", true), null)[0];
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CheckpointFormat.write(buf, CheckpointFormat.MODEL, m::save);
        byte[] b = buf.toByteArray();
        b[b.length / 3] ^= 4;
        assertThrows(CorruptCheckpointException.class, () -> CheckpointFormat.verify(new ByteArrayInputStream(b), b.length));
        b[b.length / 3] ^= 4;
        ByteArrayOutputStream ck = new ByteArrayOutputStream(); // a checkpoint is not a model
        CheckpointFormat.write(ck, out -> out.tag("x"));
        byte[] c = ck.toByteArray();
        assertThrows(CorruptCheckpointException.class, () -> CheckpointFormat.read(new ByteArrayInputStream(c), c.length, CheckpointFormat.MODEL,
                TrainedModel::load));
        assertEquals(m.kind(), CheckpointFormat.read(new ByteArrayInputStream(b), b.length, CheckpointFormat.MODEL, TrainedModel::load).kind());
    }

    static TrainedModel roundTrip(TrainedModel m) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CheckpointFormat.write(buf, CheckpointFormat.MODEL, m::save);
        byte[] b = buf.toByteArray();
        CheckpointFormat.verify(new ByteArrayInputStream(b), b.length);
        return CheckpointFormat.read(new ByteArrayInputStream(b), b.length, CheckpointFormat.MODEL, TrainedModel::load);
    }
}

package org.wideneck.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.Distributable;
import org.wideneck.core.dynamics.DivergedException;
import org.wideneck.core.dynamics.KernelSgdSimulator;
import org.wideneck.core.dynamics.LocalOutputs;
import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InfiniteOutputDraw;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Rows;
import org.wideneck.core.loop.BatchSchedule;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Workers;

/**
 * One contract for every simulation (the bottleneck simulator, `inf` kernel SGD, the finite-width network), for the
 * paper's model and for a member of the model family (erf, two hidden layers in g, cross-entropy, momentum 0.9), and
 * every {@link Distributable}: outputs at rows equal a gather of all outputs (to rounding: a matrix product's last bits
 * depend on the other rows of its block); every returned array is fresh; the batch loss is that of the outputs before
 * the step, by the model's loss; a learning rate far past stability ends in {@link DivergedException}, never in silently
 * non-finite outputs; and detaching the test points hands out a copy and ends the simulator's own test outputs.
 */
class SimulationContractTest {
    static final Problem REGRESSION = SmallProblems.regression(11, 300, 90, 4, 2);
    static final Problem CLASSES = SmallProblems.classification(11, 300, 90, 4, 2);

    /** A simulation of a model on a problem at a learning rate. */
    interface Maker {
        LocalOutputs make(Problem p, double mu);
    }

    static Stream<Arguments> simulations() {
        Stream.Builder<Arguments> out = Stream.builder();
        for (Model m : new Model[] {Model.paper(6), new Model(6, Activation.named("erf"), 2, Loss.CROSS_ENTROPY, new Momentum(0.9))}) {
            String member = m.describe();
            Problem p = m.loss() == Loss.MSE ? REGRESSION : CLASSES;
            Model inf = m.withWidth(Model.INF);
            Maker bottleneck = (q, mu) -> new BottleneckSimulator(q, m, new InitialNetwork(NetworkWeights.random(4, 300, 4, 6, 2, m.gDepth()),
                    m.activation(), false), mu, KernelPath.best(), Workers.sequential());
            Maker kernelSgd = (q, mu) -> {
                InfiniteOutputDraw draw = new InfiniteOutputDraw(4, 200, 200, 4, 2, m.activation(), m.gDepth());
                return new KernelSgdSimulator(q, inf, draw.at(q.train().x(), q.train().size(), Workers.sequential()),
                        draw.at(q.test().x(), q.test().size(), Workers.sequential()), mu, KernelPath.best(), Workers.sequential());
            };
            Maker finite = (q, mu) -> new FiniteNetwork(q, m, NetworkWeights.random(4, 300, 4, 6, 2, m.gDepth()), mu);
            out.add(Arguments.of("bottleneck d=6, " + member, p, bottleneck));
            out.add(Arguments.of("inf, " + member, p, kernelSgd));
            out.add(Arguments.of("finite n=300, " + member, p, finite));
        }
        return out.build();
    }

    private static void steps(LocalOutputs s, Problem p, int n) {
        BatchSchedule b = new BatchSchedule(p.train().size(), 10, 3);
        for (int i = 0; i < n; i++) s.step(b.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulations")
    void outputsAtRowsAreAGatherAndEveryArrayIsFresh(String name, Problem p, Maker make) {
        LocalOutputs s = make.make(p, 0.5);
        steps(s, p, 25);
        int[] rows = {0, 7, 7, 89, 31};
        for (Split split : Split.values()) {
            double[] all = s.outputs(split);
            assertEquals(p.split(split).size() * 2, all.length);
            // to rounding: a matrix product's last bits depend on the rows it is computed with (block size and
            // place), so only evaluations over the same fixed blocks are bitwise equal (as the Spark path's are)
            double[] got = s.outputs(split, rows), want = Rows.gather(all, 2, rows);
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-13 * Math.max(1, Math.abs(want[i])), name);
            double[] again = s.outputs(split);
            assertNotSame(all, again);
            Arrays.fill(all, 1e9);
            assertArrayEquals(again, s.outputs(split), 0.0, name + ": a caller's change to a returned array leaked back");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulations")
    void theBatchLossIsThatOfTheOutputsBeforeTheStep(String name, Problem p, Maker make) {
        LocalOutputs s = make.make(p, 0.5);
        steps(s, p, 5);
        int[] batch = {3, 50, 120, 299};
        double[] f = s.outputs(Split.TRAIN, batch);
        double[] y = p.train().gatherY(batch, 0, batch.length);
        double loss = 0;
        for (int i = 0; i < batch.length; i++) loss += s.loss().value(f, i * 2, y, i * 2, 2) / batch.length;
        s.step(batch);
        assertEquals(loss, s.lastBatchLoss(), 1e-12 * loss, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulations")
    void farPastStabilityNeverLeavesNonFiniteOutputs(String name, Problem p, Maker make) {
        LocalOutputs s = make.make(p, 1e150);
        try {
            steps(s, p, 200);
        } catch (DivergedException e) {
            return; // the step saw its outputs stop being finite
        }
        // a bounded loss derivative (cross-entropy's χ lies in [−1, 1]/B) and a bounded φ (erf) can keep huge
        // outputs finite; then they must be finite, and the loss-growth rule of the loop stops the run
        assertTrue(s.loss() != Loss.MSE, name + ": squared loss far past stability must end in DivergedException");
        for (Split split : Split.values()) for (double v : s.outputs(split)) assertTrue(Double.isFinite(v), name + ": " + v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulations")
    void detachingTheTestPointsHandsOutACopyAndEndsOwnTestOutputs(String name, Problem p, Maker make) {
        LocalOutputs s = make.make(p, 0.5);
        if (!(s instanceof Distributable d)) return; // the finite network evaluates on the driver
        steps(d, p, 3);
        double[] state = d.detachTest();
        int width = d.stateModel().stride();
        assertEquals(p.test().size() * width, state.length);
        double[] initial = ((Distributable) make.make(p, 0.5)).detachTest();
        assertArrayEquals(initial, state, 0.0, name + ": no evaluation yet, so the state handed out is the initial one");
        double[] again = d.trainState(new int[] {1, 2});
        assertEquals(2 * width, again.length);
        assertThrows(IllegalStateException.class, () -> d.outputs(Split.TEST), name);
        steps(d, p, 4);
        // the state handed out is without the 3 steps' updates still pending (a resumed run's test state must not be
        // brought up to date early, it would change the rounding order); the first drain returns those and the 4 steps' after
        assertEquals(7 * 10, d.drainTestUpdates().count(), name + ": the pending updates and the steps' after detaching are drained");
        assertEquals(0, d.drainTestUpdates().count(), name + ": a drain empties the updates");
    }
}

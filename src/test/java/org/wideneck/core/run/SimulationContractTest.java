package org.wideneck.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InfiniteOutputDraw;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.linalg.Rows;

/**
 * One contract for every {@link Simulation} (the bottleneck simulator, `inf` kernel SGD, the finite-width
 * network) and every {@link Distributable}: outputs at rows equal a gather of all outputs (to rounding:
 * a matrix product's last bits depend on the other rows of its block); every
 * returned array is fresh; the batch loss is that of the outputs before the step; a learning rate far
 * past stability ends in {@link DivergedException}, never in silently non-finite outputs; and detaching
 * the test points hands out a copy and ends the simulator's own test outputs.
 */
class SimulationContractTest {
    static final Problem P = SmallProblems.regression(11, 300, 90, 4, 2);

    static Stream<Arguments> simulations() {
        BiFunction<Problem, Double, Simulation> bottleneck = (p, mu) ->
                new BottleneckSimulator(p, new InitialNetwork(NetworkWeights.random(4, 300, 4, 6, 2), false), mu);
        BiFunction<Problem, Double, Simulation> inf = (p, mu) -> new KernelSgdSimulator(p,
                InfiniteOutputDraw.draw(4, 200, 200, p.train().x(), p.train().size(), 4, 2),
                InfiniteOutputDraw.draw(4, 200, 200, p.test().x(), p.test().size(), 4, 2), mu);
        BiFunction<Problem, Double, Simulation> finite = (p, mu) -> new FiniteNetwork(p, NetworkWeights.random(4, 300, 4, 6, 2), mu);
        return Stream.of(Arguments.of("bottleneck d=6", bottleneck), Arguments.of("inf", inf), Arguments.of("finite n=300", finite));
    }

    private static void steps(Simulation s, int n) {
        BatchSchedule b = new BatchSchedule(P.train().size(), 10, 3);
        for (int i = 0; i < n; i++) s.step(b.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulations")
    void outputsAtRowsAreAGatherAndEveryArrayIsFresh(String name, BiFunction<Problem, Double, Simulation> make) {
        Simulation s = make.apply(P, 0.5);
        steps(s, 25);
        int[] rows = {0, 7, 7, 89, 31};
        for (Split split : Split.values()) {
            double[] all = s.outputs(split);
            assertEquals(P.split(split).size() * 2, all.length);
            // to rounding: a matrix product's last bits depend on the rows it is computed with (block size and
            // place), so only evaluations over the same fixed blocks are bitwise equal (as the Spark path's are)
            double[] got = s.outputs(split, rows, 2), want = Rows.gather(all, 2, rows);
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-13 * Math.max(1, Math.abs(want[i])), name);
            double[] again = s.outputs(split);
            assertNotSame(all, again);
            java.util.Arrays.fill(all, 1e9);
            assertArrayEquals(again, s.outputs(split), 0.0, name + ": a caller's change to a returned array leaked back");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulations")
    void theBatchLossIsThatOfTheOutputsBeforeTheStep(String name, BiFunction<Problem, Double, Simulation> make) {
        Simulation s = make.apply(P, 0.5);
        steps(s, 5);
        int[] batch = {3, 50, 120, 299};
        double[] f = s.outputs(Split.TRAIN, batch, 2);
        double[] y = P.train().gatherY(batch, 0, batch.length);
        double loss = 0;
        for (int i = 0; i < f.length; i++) loss += 0.5 * (f[i] - y[i]) * (f[i] - y[i]) / batch.length;
        s.step(batch);
        assertEquals(loss, s.lastBatchLoss(), 1e-12 * loss, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulations")
    void farPastStabilityAStepThrowsDiverged(String name, BiFunction<Problem, Double, Simulation> make) {
        Simulation s = make.apply(P, 1e150);
        assertThrows(DivergedException.class, () -> steps(s, 200), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simulations")
    void detachingTheTestPointsHandsOutACopyAndEndsOwnTestOutputs(String name, BiFunction<Problem, Double, Simulation> make) {
        Simulation s = make.apply(P, 0.5);
        if (!(s instanceof Distributable d)) return; // the finite network evaluates on the driver
        steps(d, 3);
        double[] state = d.detachTest();
        int width = d.stateModel().width();
        assertEquals(P.test().size() * width, state.length);
        double[] initial = ((Distributable) make.apply(P, 0.5)).detachTest();
        org.junit.jupiter.api.Assertions.assertArrayEquals(initial, state, 0.0, name + ": no evaluation yet, so the state handed out is the initial one");
        double[] again = d.trainState(new int[] {1, 2});
        assertEquals(2 * width, again.length);
        assertThrows(IllegalStateException.class, () -> d.outputs(Split.TEST), name);
        steps(d, 4);
        // the state handed out is without the 3 steps' updates still pending (a resumed run's test state must not be
        // brought up to date early, it would change the rounding order); the first drain returns those and the 4 steps' after
        assertEquals(7 * 10, d.drainTestUpdates().count(), name + ": the pending updates and the steps' after detaching are drained");
        assertEquals(0, d.drainTestUpdates().count(), name + ": a drain empties the updates");
    }
}

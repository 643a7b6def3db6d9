package org.wideneck.core.run;

import org.wideneck.core.kernel.Relu;
import org.wideneck.core.init.InfiniteOutputDraw;
import org.wideneck.core.parallel.ArrayPool;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.loop.BatchSchedule;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.data.SmallProblems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.KernelSgdSimulator;
import org.wideneck.core.dynamics.History;

/** Results are bitwise the same for any number of threads (fixed work split, ordered reductions). */
class ThreadIndependenceTest {
    @Test
    void oneAndThreeThreadsGiveIdenticalBits() {
        Problem p = SmallProblems.regression(21, 1500, 700, 6, 2);
        NetworkWeights w = NetworkWeights.random(2, 300, 6, 5, 2);
        try (Workers one = new Workers(1); Workers three = new Workers(3)) {
            BottleneckSimulator a = new BottleneckSimulator(p, Model.paper(w.d()), new InitialNetwork(w, false), 0.3, KernelPath.best(), one);
            BottleneckSimulator b = new BottleneckSimulator(p, Model.paper(w.d()), new InitialNetwork(w, false), 0.3, KernelPath.best(), three);
            KernelSgdSimulator ia = new KernelSgdSimulator(p, Model.paper(Model.INF), new double[3000], new double[1400], 0.3, KernelPath.best(), one);
            KernelSgdSimulator ib = new KernelSgdSimulator(p, Model.paper(Model.INF), new double[3000], new double[1400], 0.3, KernelPath.best(), three);
            BatchSchedule s = new BatchSchedule(1500, 100, 4);
            for (int t = 0; t < 25; t++) { // history 2500 > one chunk of 2048
                int[] batch = s.next();
                a.step(batch);
                b.step(batch);
                ia.step(batch);
                ib.step(batch);
            }
            assertTrue(a.historySize() > Grains.HISTORY_CHUNK);
            for (Split split : Split.values()) {
                assertArrayEquals(a.outputs(split), b.outputs(split), 0.0, split.label());
                assertArrayEquals(a.embeddings(split), b.embeddings(split), 0.0, split.label());
                assertArrayEquals(ia.outputs(split), ib.outputs(split), 0.0, split.label());
            }
        }
    }

    /** With momentum the history's χ is weighted a chunk a task: one and three threads still give the same bits. */
    @Test
    void momentumOnOneAndThreeThreadsGivesIdenticalBits() {
        Problem p = SmallProblems.regression(23, 1500, 700, 6, 2);
        NetworkWeights w = NetworkWeights.random(2, 300, 6, 5, 2);
        Model m = new Model(w.d(), Relu.INSTANCE, 1, Loss.MSE, new Momentum(0.9));
        try (Workers one = new Workers(1); Workers three = new Workers(3)) {
            BottleneckSimulator a = new BottleneckSimulator(p, m, new InitialNetwork(w, false), 0.05, KernelPath.best(), one);
            BottleneckSimulator b = new BottleneckSimulator(p, m, new InitialNetwork(w, false), 0.05, KernelPath.best(), three);
            BatchSchedule s = new BatchSchedule(1500, 100, 4);
            for (int t = 0; t < 45; t++) { // three history chunks, the last one partly filled
                int[] batch = s.next();
                a.step(batch);
                b.step(batch);
            }
            assertTrue(a.historySize() > 2 * Grains.HISTORY_CHUNK);
            for (Split split : Split.values()) {
                assertArrayEquals(a.outputs(split), b.outputs(split), 0.0, split.label());
                assertArrayEquals(a.embeddings(split), b.embeddings(split), 0.0, split.label());
            }
        }
    }

    /** The set-up passes (g_0 over the points, the inf runs' F_0 draw) split over threads give the sequential bits. */
    @Test
    void setUpPassesOnSeveralThreadsGiveTheSequentialBits() {
        Problem p = SmallProblems.regression(22, 2600, 10, 5, 2);
        NetworkWeights w = NetworkWeights.random(3, 200, 5, 4, 2);
        InitialNetwork net = new InitialNetwork(w, false);
        try (Workers three = new Workers(3)) {
            assertArrayEquals(net.g0(p.train().x(), 2600), net.g0(p.train().x(), 2600, three), 0.0);
            // the lazy runs' first-read g_0, split over hidden units (three ranges, the last one short) and blocks of points
            InitialNetwork wide = new InitialNetwork(NetworkWeights.random(4, 2 * Grains.UNIT_RANGE + 452, 5, 4, 2), false);
            try (Workers one = new Workers(1)) {
                assertArrayEquals(wide.g0ByUnits(p.train().x(), 2600, one, 1024, new ArrayPool()), wide.g0ByUnits(p.train().x(), 2600, three, 1024,
                        new ArrayPool()), 0.0);
            }
            assertArrayEquals(new InfiniteOutputDraw(5, 150, 150, 5, 2, Relu.INSTANCE, 1).at(p.train().x(), 2600, Workers.sequential()),
                    new InfiniteOutputDraw(5, 150, 150, 5, 2, Relu.INSTANCE, 1).at(p.train().x(), 2600, three), 0.0);
        }
    }
}

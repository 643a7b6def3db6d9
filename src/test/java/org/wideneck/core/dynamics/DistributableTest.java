package org.wideneck.core.dynamics;

import org.wideneck.core.data.SmallProblems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.data.Evaluation;
import org.wideneck.core.data.LossSums;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.run.BatchSchedule;

/**
 * Evaluation away from the simulator, as the Spark executors do it but without Spark: test points cut
 * into {@link PointBlock}s that carry their state, advanced by the drained update sources, evaluated
 * against history chunks handed out as they fill (and a copy of the partial tail), partial sums merged
 * in reverse block order. The metrics equal the simulator's own, bitwise, through several history
 * chunks, for the bottleneck and for `inf`.
 */
class DistributableTest {
    @Test
    void blocksAdvancedElsewhereGiveTheSimulatorsMetricsBitwise() {
        Problem p = SmallProblems.regression(5, 1400, 2300, 6, 2);
        NetworkWeights w = NetworkWeights.random(3, 200, 6, 7, 2);
        int[] subset = {3, 17, 200, 999, 1000, 1023, 1024, 1399};
        Dataset sub = p.train().subset(subset);
        try (Workers two = new Workers(2)) {
            List<Distributable[]> pairs = List.of(
                    new Distributable[] {new BottleneckSimulator(p, new InitialNetwork(w, false), 0.4, two),
                            new BottleneckSimulator(p, new InitialNetwork(w, false), 0.4, two)},
                    new Distributable[] {new KernelSgdSimulator(p, new double[2800], new double[4600], 0.4, two),
                            new KernelSgdSimulator(p, new double[2800], new double[4600], 0.4, two)});
            for (Distributable[] pair : pairs) {
                Distributable local = pair[0], away = pair[1];
                StateModel model = away.stateModel();
                List<PointBlock> blocks = PointBlock.cut(p.test(), null, away.detachTest(), model.width());
                assertEquals(3, blocks.size());
                assertThrows(IllegalStateException.class, () -> away.outputs(Split.TEST));
                List<HistoryChunk> shipped = new ArrayList<>();
                BatchSchedule s = new BatchSchedule(1400, 60, 8);
                for (int t = 1; t <= 45; t++) { // history 2700 > one chunk
                    int[] batch = s.next();
                    local.step(batch);
                    away.step(batch);
                    if (t % 15 != 0) continue;
                    UpdateSources u = away.drainTestUpdates();
                    assertEquals(15 * 60, u.count());
                    List<PointBlock> next = new ArrayList<>();
                    for (PointBlock b : blocks) next.add(b.advanced(u, p.train().x(), 0.4, model.infinite(), model.path()));
                    blocks = next;
                    List<HistoryChunk> chunks = new ArrayList<>();
                    History h = away.history();
                    if (h != null) {
                        for (int c = shipped.size(); c < h.fullChunks(); c++) shipped.add(h.fullChunk(c));
                        chunks.addAll(shipped);
                        if (h.tailCopy() != null) chunks.add(h.tailCopy());
                    }
                    HistoryView view = HistoryChunk.view(chunks);
                    LossSums test = new LossSums(p.test().size());
                    for (int b = blocks.size() - 1; b >= 0; b--) {
                        PointBlock blk = blocks.get(b);
                        LossSums part = new LossSums(p.test().size());
                        blk.addTo(part, model.outputs(view, blk.state(), blk.rows(), Workers.sequential()));
                        test.merge(part);
                    }
                    assertEquals(local.evaluate(p.test(), Split.TEST), test.evaluation(false), "step " + t);
                    double[] st = away.trainState(subset);
                    Evaluation tr = sub.evaluate(model.outputs(view, st, subset.length, Workers.sequential()));
                    assertEquals(local.evaluate(sub, Split.TRAIN, subset), tr, "step " + t);
                }
                assertTrue(model.infinite() || away.history().fullChunks() == 1);
            }
        }
    }
}

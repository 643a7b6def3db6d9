package org.wideneck.core.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Evaluation;
import org.wideneck.core.data.LossSums;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;
import org.wideneck.core.data.Split;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.loop.BatchSchedule;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Workers;

/**
 * Evaluation away from the simulator, as the Spark executors do it but without Spark: test points cut into
 * {@link PointBlock}s that carry their held state, advanced by the drained update sources, evaluated against history
 * chunks handed out as they fill (and a copy of the partial tail), partial sums merged in reverse block order. The
 * metrics equal the simulator's own, bitwise, through several history chunks, for the bottleneck and for `inf`, and
 * for members of the model family (erf, a deeper g, cross-entropy, momentum — whose velocities travel with the blocks).
 */
class DistributableTest {
    @ParameterizedTest
    @ValueSource(strings = {"relu 1 mse 0", "erf 2 mse 0.9", "relu 1 cross-entropy 0.5"})
    void blocksAdvancedElsewhereGiveTheSimulatorsMetricsBitwise(String member) {
        String[] m = member.split(" ");
        Loss loss = Loss.named(m[2]);
        Problem p = loss == Loss.MSE ? SmallProblems.regression(5, 1400, 2300, 6, 2) : SmallProblems.classification(5, 1400, 2300, 6, 2);
        int depth = Integer.parseInt(m[1]);
        Activation act = Activation.named(m[0]);
        Model bottleneck = new Model(7, act, depth, loss, new Momentum(Double.parseDouble(m[3]))), inf = bottleneck.withWidth(Model.INF);
        NetworkWeights w = NetworkWeights.random(3, 200, 6, 7, 2, depth);
        int[] subset = {3, 17, 200, 999, 1000, 1023, 1024, 1399};
        Dataset sub = p.train().subset(subset);
        try (Workers two = new Workers(2)) {
            InitialNetwork net = new InitialNetwork(w, act, false);
            List<Distributable[]> pairs = List.of(
                    new Distributable[] {new BottleneckSimulator(p, bottleneck, net, 0.4, KernelPath.best(), two),
                        new BottleneckSimulator(p, bottleneck, net, 0.4, KernelPath.best(), two)},
                    new Distributable[] {new KernelSgdSimulator(p, inf, new double[2800], new double[4600], 0.4, KernelPath.best(), two),
                        new KernelSgdSimulator(p, inf, new double[2800], new double[4600], 0.4, KernelPath.best(), two)});
            for (Distributable[] pair : pairs) {
                Distributable local = pair[0], away = pair[1];
                StateModel model = away.stateModel();
                boolean isInf = model.output() == null;
                List<PointBlock> blocks = PointBlock.cut(p.test(), null, away.detachTest(), model.stride());
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
                    for (PointBlock b : blocks) next.add(b.advanced(u, p.train().x(), model.update()));
                    blocks = next;
                    List<HistoryChunk> chunks = new ArrayList<>();
                    History h = away.history();
                    if (h != null) {
                        for (int c = shipped.size(); c < h.fullChunks(); c++) shipped.add(h.fullChunk(c));
                        chunks.addAll(shipped);
                        if (h.tailCopy() != null) chunks.add(h.tailCopy());
                    }
                    HistoryView view = HistoryChunk.view(chunks, p.dr());
                    LossSums test = new LossSums(p.test().size());
                    for (int b = blocks.size() - 1; b >= 0; b--) {
                        PointBlock blk = blocks.get(b);
                        LossSums part = new LossSums(p.test().size());
                        blk.addTo(part, model.outputs(view, away.steps(), blk.state(), blk.rows(), Workers.sequential()), loss);
                        test.merge(part);
                    }
                    assertEquals(local.evaluate(p.test(), Split.TEST, null), test.evaluation(p.test().classification()), member + " step " + t);
                    double[] st = away.trainState(subset);
                    Evaluation tr = sub.evaluate(model.outputs(view, away.steps(), st, subset.length, Workers.sequential()), loss);
                    assertEquals(local.evaluate(sub, Split.TRAIN, subset), tr, member + " step " + t);
                }
                assertTrue(isInf || away.history().fullChunks() == 1);
            }
        }
    }
}

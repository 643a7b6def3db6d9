package org.wideneck.core.dynamics;

import org.wideneck.core.model.Model;
import org.wideneck.core.run.Plans;
import org.wideneck.core.data.SmallProblems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.InfiniteBottleneckKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.kernel.Relu;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.RunOutcome;
import org.wideneck.core.run.RunPlan;
import org.wideneck.core.loop.TrainSettings;
import org.wideneck.core.loop.TrainingLoop;
import org.wideneck.core.loop.BatchSchedule;
import org.wideneck.core.loop.MetricPoint;

/** The `inf` baseline against its closed form, and finite bottlenecks of growing d against it. */
class InfiniteBottleneckTest {

    /** Full-batch kernel GD has F_t − y = (I − (μ/N) Θ_∞)^t (F_0 − y) on the training set. */
    @Test
    void kernelSgdMatchesTheClosedFormOfFullBatchGradientDescent() {
        Problem p = SmallProblems.regression(5, 12, 4, 3, 2);
        int n = 12, dr = 2, steps = 25;
        double mu = 0.7;
        double[] f0Train = new double[n * dr], f0Test = new double[4 * dr];
        for (int i = 0; i < f0Train.length; i++) f0Train[i] = 0.1 * Math.sin(i);
        KernelSgdSimulator sim = new KernelSgdSimulator(p, f0Train, f0Test, mu);
        BatchSchedule s = new BatchSchedule(n, n, 1);
        for (int t = 0; t < steps; t++) sim.step(s.next());
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double[] a = Arrays.copyOfRange(p.train().x(), i * 3, i * 3 + 3), b = Arrays.copyOfRange(p.train().x(), j * 3, j * 3 + 3);
                m[i][j] = (i == j ? 1.0 : 0.0) - mu / n * new InfiniteBottleneckKernel(Relu.INSTANCE, 1, KernelPath.SCALAR).value(a, b);
            }
        }
        double[] r = new double[n * dr];
        for (int i = 0; i < r.length; i++) r[i] = f0Train[i] - p.train().y()[i];
        for (int t = 0; t < steps; t++) {
            double[] next = new double[n * dr];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < dr; k++) next[i * dr + k] += m[i][j] * r[j * dr + k];
            r = next;
        }
        double[] expected = new double[n * dr];
        for (int i = 0; i < r.length; i++) expected[i] = p.train().y()[i] + r[i];
        // Θ_∞(ξ_i, ξ_i) sits on the cusp, where θ from a rounded cosine is good to ~√ε (SPEC §2): 1e-8.
        assertArrayEquals(expected, sim.outputs(Split.TRAIN), 1e-8);
    }

    /**
     * Started from the same F_0 values, a bottleneck of width d trains like the inf run more and more
     * closely as d grows (J_0 J_0ᵀ → Σ̇_f and x·x̃/d → q concentrate like 1/√d).
     */
    @Test
    void wideBottlenecksApproachTheInfiniteBottleneck() {
        Problem p = SmallProblems.regression(9, 30, 10, 4, 1);
        int[] ds = {10, 80, 640};
        double[] dist = new double[ds.length];
        StringBuilder sb = new StringBuilder("bottleneck vs inf after 15 full-batch steps:");
        for (int k = 0; k < ds.length; k++) {
            int draws = 3;
            for (int s = 0; s < draws; s++) {
                NetworkWeights w = NetworkWeights.random(40 + s, 4000, p.d0(), ds[k], p.dr());
                BottleneckSimulator b = new BottleneckSimulator(p, new InitialNetwork(w, false), 0.5);
                KernelSgdSimulator inf = new KernelSgdSimulator(p, b.outputs(Split.TRAIN), b.outputs(Split.TEST), 0.5);
                double[] start = b.outputs(Split.TRAIN);
                BatchSchedule sch = new BatchSchedule(30, 30, 1);
                for (int t = 0; t < 15; t++) {
                    int[] batch = sch.next();
                    b.step(batch);
                    inf.step(batch);
                }
                // distance of the change F_t − F_0, which is what the dynamics produce
                double[] cb = b.outputs(Split.TRAIN), ci = inf.outputs(Split.TRAIN);
                for (int i = 0; i < cb.length; i++) {
                    cb[i] -= start[i];
                    ci[i] -= start[i];
                }
                dist[k] += SmallProblems.relDist(cb, ci) / draws;
            }
            sb.append(String.format(Locale.ROOT, "  d=%d %.4f", ds[k], dist[k]));
        }
        System.out.println(sb);
        assertTrue(dist[1] < dist[0] && dist[2] < dist[1], Arrays.toString(dist));
        assertTrue(dist[2] < dist[0] / 3, Arrays.toString(dist));
    }

    /** Full batch uses no randomness beyond the initial state: the train seed changes nothing, bitwise. */
    @Test
    void fullBatchRunsDependOnNothingButDataAndWeights() {
        Problem p = SmallProblems.regression(2, 25, 8, 3, 2);
        NetworkWeights w = NetworkWeights.random(3, 500, 3, 4, 2);
        RunOutcome a = RunExecutor.execute(Plans.of(4, false, 0, 0, 500, 500, false, w, new TrainSettings(12, 25, 0.3, 1, 4), 1), p, RunHooks.none());
        RunOutcome b = RunExecutor.execute(Plans.of(4, false, 0, 0, 500, 500, false, w, new TrainSettings(12, 25, 0.3, 987, 4), 2), p, RunHooks.none());
        assertEquals(a.metrics().size(), b.metrics().size());
        for (int i = 0; i < a.metrics().size(); i++) {
            assertEquals(a.metrics().get(i).loss(), b.metrics().get(i).loss(), 0.0);
        }
        assertTrue(a.metrics().get(a.metrics().size() - 2).loss() < a.metrics().get(0).loss());
    }

    /** A learning rate far beyond stability ends the run with a divergence note, keeping the rows it had. */
    @Test
    void divergenceIsReportedNotHidden() {
        Problem p = SmallProblems.regression(2, 25, 8, 3, 2);
        RunOutcome o = RunExecutor.execute(Plans.of(Model.INF, false, 0, 1, 100, 100, false, null,
                new TrainSettings(400, 5, 1e6, 1, 1), 1), p, RunHooks.none());
        assertTrue(o.diverged() != null, "no divergence reported");
        assertTrue(o.metrics().size() >= 2);
        for (MetricPoint m : o.metrics()) assertTrue(Double.isFinite(m.loss()));
    }
}

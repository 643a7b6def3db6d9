package org.wideneck.core.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.Points;
import org.wideneck.core.dynamics.StateUpdate;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.InputKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.loop.BatchSchedule;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Workers;

/**
 * Momentum in function space (SPEC §8.4) against the weighted sums written out directly: the state and its velocity
 * moved block by block with the two fixed coefficient sets give g_t = g_0 − μ Σ_s c(t − s)·Θ h_s over 6000 steps at
 * β = 0.99 (no overflow, no drift); the whole simulator over 5000 minibatch steps gives the direct reference's outputs;
 * and both checks fail when the weights are wrong.
 */
class MomentumTest {
    /** Blocks of sources of random lengths applied with carry and velocity, against Σ_s c(t − s) k h_s at every block's end. */
    @Test
    void blocksWithAVelocityGiveTheDirectWeightedSumsOverThousandsOfSteps() {
        assertEquals(0.0, blockError(new Momentum(0.99), 0.99, 6000), 1e-12);
        assertEquals(0.0, blockError(new Momentum(0.5), 0.5, 6000), 1e-12);
        // the check can fail: the direct sum with other weights is far off
        assertTrue(blockError(new Momentum(0.99), 0.98, 600) > 1e-3);
    }

    /** Largest relative distance between the blocked state and the direct sums weighted with directBeta. */
    static double blockError(Momentum m, double directBeta, int steps) {
        SplittableRandom r = new SplittableRandom(7);
        int d0 = 3, w = 2, targets = 5, perStep = 2;
        InputKernel k = Model.paper(Model.INF).withWidth(4).inputKernel(KernelPath.best());
        double mu = 0.01;
        StateUpdate rule = new StateUpdate(k, w, mu, m);
        double[] tx = gauss(r, targets * d0), g0 = gauss(r, targets * w);
        Points t = new Points(tx, Gemm.rowSquaredNorms(tx, targets, d0), targets, d0);
        double[] held = rule.held(g0.clone(), targets);
        List<double[]> sx = new ArrayList<>(), sh = new ArrayList<>();
        List<Integer> st = new ArrayList<>();
        double worst = 0;
        int step = 0;
        while (step < steps) {
            int len = 1 + r.nextInt(60), from = step;
            double[] bx = new double[len * perStep * d0], bh = new double[len * perStep * w];
            int[] bs = new int[len * perStep];
            for (int i = 0; i < len * perStep; i++) {
                double[] x = gauss(r, d0), h = gauss(r, w);
                System.arraycopy(x, 0, bx, i * d0, d0);
                System.arraycopy(h, 0, bh, i * w, w);
                bs[i] = step + i / perStep;
                sx.add(x);
                sh.add(h);
                st.add(bs[i]);
            }
            step += len;
            Points src = new Points(bx, Gemm.rowSquaredNorms(bx, len * perStep, d0), len * perStep, d0);
            rule.apply(held, t, new StateUpdate.Sources(src, bh, bs, from, step), Workers.sequential());
            if (r.nextInt(10) != 0 && step < steps) continue;
            double[] got = rule.values(held, targets);
            double num = 0, den = 0;
            for (int a = 0; a < targets; a++) {
                double[] xa = java.util.Arrays.copyOfRange(tx, a * d0, (a + 1) * d0);
                for (int c = 0; c < w; c++) {
                    double want = g0[a * w + c];
                    for (int s = 0; s < sx.size(); s++) {
                        int age = step - st.get(s);
                        double weight = directBeta == 0 ? 1 : (1 - Math.pow(directBeta, age)) / (1 - directBeta);
                        want -= mu * weight * k.value(xa, sx.get(s)) * sh.get(s)[c];
                    }
                    num += (got[a * w + c] - want) * (got[a * w + c] - want);
                    den += want * want;
                }
            }
            worst = Math.max(worst, Math.sqrt(num / den));
        }
        return worst;
    }

    /** The simulator (deferred updates, velocities, history weights) against the direct sums, 5000 steps at β = 0.99. */
    @Test
    void theSimulatorGivesTheDirectReferenceOverFiveThousandStepsAtBetaNinetyNine() {
        // erf: no cusp, so two summation orders agree to rounding (ReLU's θ near x ∥ y is good to √ε only)
        Problem p = SmallProblems.regression(3, 10, 6, 3, 2);
        Model model = new Model(3, Activation.named("erf"), 1, Loss.MSE, new Momentum(0.99));
        NetworkWeights w = NetworkWeights.random(9, 80, 3, 3, 2);
        InitialNetwork net = new InitialNetwork(w, model.activation(), false);
        double mu = 0.004; // μ/(1 − β) = 0.4: stable over the run
        BottleneckSimulator sim = new BottleneckSimulator(p, model, net, mu, KernelPath.best(), Workers.sequential());
        DirectSimulation direct = new DirectSimulation(p, model, net, mu, false);
        BatchSchedule s = new BatchSchedule(p.train().size(), 1, 5);
        for (int t = 0; t < 5000; t++) {
            int[] b = s.next();
            sim.step(b);
            direct.step(b);
        }
        for (Split split : Split.values()) {
            double d = SmallProblems.relDist(sim.outputs(split), direct.outputs(split));
            assertTrue(d <= 1e-12, split + ": " + d);
        }
        assertTrue(sim.evaluate(p.train(), Split.TRAIN, null).loss() < new BottleneckSimulator(p, model, net, mu, KernelPath.best(),
                Workers.sequential()).evaluate(p.train(), Split.TRAIN, null).loss(), "the run trained");
    }

    static double[] gauss(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }
}

package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.run.BatchSchedule;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.KernelSgdSimulator;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;
import org.wideneck.core.data.Split;

/** The SIMD kernel path against the scalar reference: blocks, and whole simulations (K, Jᵀχ via g, F). */
class FastPathTest {
    @Test
    void simdPathIsInUseWhenTheModuleIsPresent() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assertTrue(KernelBlocks.VECTORIZED, "the build runs tests with jdk.incubator.vector; the SIMD path must be on");
    }

    @Test
    void blocksAgreeWithTheScalarReference() {
        Assumptions.assumeTrue(KernelBlocks.VECTORIZED);
        SplittableRandom r = new SplittableRandom(8);
        for (int m : new int[] {1, 3, 16, 100}) {
            int rows = 9, cols = 37; // 37: a vector tail too
            double[] x = new double[rows * m], y = new double[cols * m];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
            for (int k = 0; k < m; k++) {
                y[k] = 2.5 * x[k];                 // parallel
                y[m + k] = -0.5 * x[m + k];        // anti-parallel
                y[2 * m + k] = 0.0;                // zero vector
                y[3 * m + k] = x[2 * m + k] + 1e-7 * r.nextGaussian(); // nearly parallel
                x[8 * m + k] = 0.0;                // a zero row
            }
            double[] rn = Gemm.rowSquaredNorms(x, rows, m), cn = Gemm.rowSquaredNorms(y, cols, m);
            double[] dots = new double[rows * cols];
            Gemm.abt(rows, cols, m, 1.0, x, 0, y, 0, 0.0, dots, 0);
            double[] kv = dots.clone(), ks = dots.clone(), av = new double[dots.length], as = new double[dots.length];
            double[] bv = new double[dots.length], bs = new double[dots.length], tv = dots.clone(), ts = dots.clone();
            KernelPath.SIMD.ntkAndXi(kv, av, bv, rows, cols, rn, 0, cn, 0, m);
            KernelPath.SCALAR.ntkAndXi(ks, as, bs, rows, cols, rn, 0, cn, 0, m);
            KernelPath.SIMD.thetaInfInPlace(tv, rows, cols, rn, 0, cn, 0, m);
            KernelPath.SCALAR.thetaInfInPlace(ts, rows, cols, rn, 0, cn, 0, m);
            double[] k2 = dots.clone();
            KernelPath.SIMD.ntkInPlace(k2, rows, cols, rn, 0, cn, 0, m);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int p = i * cols + j;
                    double scale = Math.sqrt(rn[i] * cn[j]) / m; // the natural scale √(ab) of K at this pair
                    String at = "m=" + m + " pair " + i + "," + j;
                    assertTrue(Math.abs(kv[p] - ks[p]) <= 1e-12 * scale, at + " K " + kv[p] + " vs " + ks[p]);
                    assertTrue(Math.abs(k2[p] - ks[p]) <= 1e-12 * scale, at + " K (ntkInPlace)");
                    assertTrue(Math.abs(tv[p] - ts[p]) <= 1e-12 * Math.max(scale, Math.abs(ts[p])), at + " Θ_∞ " + tv[p] + " vs " + ts[p]);
                    // α·y + β·x is what is used: compare the coefficients on the scale of their product with |x|, |y|
                    double ax = Math.abs(as[p]) * Math.sqrt(cn[j]), bx = Math.abs(bs[p]) * Math.sqrt(rn[i]);
                    double xiScale = Math.max(ax, bx) + 1e-300;
                    assertTrue(Math.abs(av[p] - as[p]) * Math.sqrt(cn[j]) <= 1e-12 * xiScale, at + " α " + av[p] + " vs " + as[p]);
                    assertTrue(Math.abs(bv[p] - bs[p]) * Math.sqrt(rn[i]) <= 1e-12 * xiScale, at + " β " + bv[p] + " vs " + bs[p]);
                }
            }
        }
    }

    @Test
    void simulationsAgreeWithTheScalarReference() {
        Assumptions.assumeTrue(KernelBlocks.VECTORIZED);
        Problem p = SmallProblems.regression(11, 50, 20, 5, 3);
        NetworkWeights w = NetworkWeights.random(5, 800, 5, 6, 3);
        BottleneckSimulator fast = new BottleneckSimulator(p, new InitialNetwork(w, false), 0.5, KernelPath.SIMD);
        BottleneckSimulator ref = new BottleneckSimulator(p, new InitialNetwork(w, false), 0.5, KernelPath.SCALAR);
        KernelSgdSimulator infFast = new KernelSgdSimulator(p, new double[150], new double[60], 0.5, KernelPath.SIMD);
        KernelSgdSimulator infRef = new KernelSgdSimulator(p, new double[150], new double[60], 0.5, KernelPath.SCALAR);
        BatchSchedule s = new BatchSchedule(50, 10, 3);
        for (int t = 0; t < 30; t++) {
            int[] b = s.next();
            fast.step(b);
            ref.step(b);
            infFast.step(b);
            infRef.step(b);
        }
        for (Split split : Split.values()) {
            double dF = SmallProblems.relDist(fast.outputs(split), ref.outputs(split));
            double dG = SmallProblems.relDist(fast.embeddings(split), ref.embeddings(split));
            double dInf = SmallProblems.relDist(infFast.outputs(split), infRef.outputs(split));
            assertTrue(dF <= 1e-12, split + ": F differs by " + dF);
            assertTrue(dG <= 1e-12, split + ": g (driven by Jᵀχ) differs by " + dG);
            assertTrue(dInf <= 1e-12, split + ": inf F differs by " + dInf);
        }
    }
}

package org.wideneck.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.KernelSgdSimulator;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.loop.BatchSchedule;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Workers;

/**
 * The SIMD kernel path against the scalar reference: blocks of every kernel of every activation (ReLU's own loops
 * within 1e-12 of their natural scale; erf's and the depth recursion's bit for bit, as they are written), and whole
 * simulations (K, Jᵀχ via g, F).
 */
class FastPathTest {
    @Test
    void simdPathIsInUseWhenTheModuleIsPresent() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assertTrue(KernelPath.best() == KernelPath.SIMD, "the build runs tests with jdk.incubator.vector; the SIMD path must be on");
    }

    /** Pairs with every special case: parallel, anti-parallel, a zero column, nearly parallel, a zero row; a vector tail. */
    record Block(int rows, int cols, int m, double[] dots, double[] rn, double[] cn) {
        static Block of(SplittableRandom r, int m) {
            int rows = 9, cols = 37;
            double[] x = new double[rows * m], y = new double[cols * m];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
            for (int k = 0; k < m; k++) {
                y[k] = 2.5 * x[k];
                y[m + k] = -0.5 * x[m + k];
                y[2 * m + k] = 0.0;
                y[3 * m + k] = x[2 * m + k] + 1e-7 * r.nextGaussian();
                x[8 * m + k] = 0.0;
            }
            double[] dots = new double[rows * cols];
            Gemm.abt(rows, cols, m, 1.0, x, 0, y, 0, 0.0, dots, 0);
            return new Block(rows, cols, m, dots, Gemm.rowSquaredNorms(x, rows, m), Gemm.rowSquaredNorms(y, cols, m));
        }
    }

    @Test
    void reluBlocksAgreeWithTheScalarReference() {
        Assumptions.assumeTrue(KernelPath.best() == KernelPath.SIMD);
        SplittableRandom r = new SplittableRandom(8);
        Relu relu = Relu.INSTANCE;
        for (int m : new int[] {1, 3, 16, 100}) {
            Block b = Block.of(r, m);
            int n = b.dots().length;
            double[] kv = b.dots().clone(), ks = b.dots().clone(), av = new double[n], as = new double[n], bv = new double[n], bs = new double[n];
            double[] tv = b.dots().clone(), ts = b.dots().clone(), k2 = b.dots().clone();
            relu.ntkAndXiBlock(KernelPath.SIMD, kv, av, bv, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
            relu.ntkAndXiBlock(KernelPath.SCALAR, ks, as, bs, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
            new InfiniteBottleneckKernel(relu, 1, KernelPath.SIMD).inPlace(tv, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
            new InfiniteBottleneckKernel(relu, 1, KernelPath.SCALAR).inPlace(ts, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
            relu.ntkBlock(KernelPath.SIMD, k2, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
            for (int i = 0; i < b.rows(); i++) {
                for (int j = 0; j < b.cols(); j++) {
                    int p = i * b.cols() + j;
                    double scale = Math.sqrt(b.rn()[i] * b.cn()[j]) / m; // the natural scale √(ab) of K at this pair
                    String at = "m=" + m + " pair " + i + "," + j;
                    assertTrue(Math.abs(kv[p] - ks[p]) <= 1e-12 * scale, at + " K " + kv[p] + " vs " + ks[p]);
                    assertTrue(Math.abs(k2[p] - ks[p]) <= 1e-12 * scale, at + " K (ntkBlock)");
                    assertTrue(Math.abs(tv[p] - ts[p]) <= 1e-12 * Math.max(scale, Math.abs(ts[p])), at + " Θ_∞ " + tv[p] + " vs " + ts[p]);
                    // α·y + β·x is what is used: compare the coefficients on the scale of their product with |x|, |y|
                    double ax = Math.abs(as[p]) * Math.sqrt(b.cn()[j]), bx = Math.abs(bs[p]) * Math.sqrt(b.rn()[i]);
                    double xiScale = Math.max(ax, bx) + 1e-300;
                    assertTrue(Math.abs(av[p] - as[p]) * Math.sqrt(b.cn()[j]) <= 1e-12 * xiScale, at + " α " + av[p] + " vs " + as[p]);
                    assertTrue(Math.abs(bv[p] - bs[p]) * Math.sqrt(b.rn()[i]) <= 1e-12 * xiScale, at + " β " + bv[p] + " vs " + bs[p]);
                }
            }
        }
    }

    /** erf's K and Ξ, and the recursion's Θ_g and Θ_∞ (ReLU and erf, depths 1–3): the SIMD lanes give the scalar bits. */
    @ParameterizedTest
    @ValueSource(strings = {"relu", "erf"})
    void recursionAndErfBlocksGiveTheScalarBits(String name) {
        Assumptions.assumeTrue(KernelPath.best() == KernelPath.SIMD);
        Activation act = Activation.named(name);
        SplittableRandom r = new SplittableRandom(9);
        for (int m : new int[] {1, 4, 33}) {
            Block b = Block.of(r, m);
            int n = b.dots().length;
            if (act instanceof Erf) {
                double[] kv = b.dots().clone(), ks = b.dots().clone(), av = new double[n], as = new double[n], bv = new double[n], bs = new double[n];
                act.ntkAndXiBlock(KernelPath.SIMD, kv, av, bv, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
                act.ntkAndXiBlock(KernelPath.SCALAR, ks, as, bs, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
                assertBits(ks, kv, "K");
                assertBits(as, av, "α");
                assertBits(bs, bv, "β");
            }
            for (int depth = 1; depth <= 3; depth++) {
                for (boolean inf : new boolean[] {false, true}) {
                    if (depth == 1 && (act instanceof Relu || !inf)) continue; // those are the activation's own loops
                    InputKernel simd = inf ? new InfiniteBottleneckKernel(act, depth, KernelPath.SIMD) : new GKernel(act, depth, KernelPath.SIMD);
                    InputKernel scalar = inf ? new InfiniteBottleneckKernel(act, depth, KernelPath.SCALAR) : new GKernel(act, depth, KernelPath.SCALAR);
                    double[] v = b.dots().clone(), s = b.dots().clone();
                    simd.inPlace(v, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
                    scalar.inPlace(s, b.rows(), b.cols(), b.rn(), 0, b.cn(), 0, m);
                    assertBits(s, v, name + " depth " + depth + (inf ? " Θ_∞" : " Θ_g") + " m=" + m);
                    // and the blocks are the pair-by-pair reference
                    double invM = 1.0 / m; // the blocks scale by 1/m, as the pair's moments are taken here
                    for (int i = 0; i < b.rows(); i++) {
                        for (int j = 0; j < b.cols(); j++) {
                            int p = i * b.cols() + j;
                            double ref = scalar.value(b.rn()[i] * invM, b.cn()[j] * invM, b.dots()[p] * invM);
                            assertEquals(Double.doubleToLongBits(ref), Double.doubleToLongBits(s[p]), name + " depth " + depth + " pair " + p);
                        }
                    }
                }
            }
        }
    }

    static void assertBits(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), what + " at " + i + ": " + got[i] + " vs " + want[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "erf"})
    void simulationsAgreeWithTheScalarReference(String name) {
        Assumptions.assumeTrue(KernelPath.best() == KernelPath.SIMD);
        Activation act = Activation.named(name);
        Problem p = SmallProblems.regression(11, 50, 20, 5, 3);
        NetworkWeights w = NetworkWeights.random(5, 800, 5, 6, 3);
        Model model = new Model(6, act, 1, Loss.MSE, Momentum.NONE), inf = model.withWidth(Model.INF);
        InitialNetwork net = new InitialNetwork(w, act, false);
        BottleneckSimulator fast = new BottleneckSimulator(p, model, net, 0.5, KernelPath.SIMD, Workers.sequential());
        BottleneckSimulator ref = new BottleneckSimulator(p, model, net, 0.5, KernelPath.SCALAR, Workers.sequential());
        KernelSgdSimulator infFast = new KernelSgdSimulator(p, inf, new double[150], new double[60], 0.5, KernelPath.SIMD, Workers.sequential());
        KernelSgdSimulator infRef = new KernelSgdSimulator(p, inf, new double[150], new double[60], 0.5, KernelPath.SCALAR, Workers.sequential());
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

package org.wideneck.core.finite;

import java.io.IOException;
import org.wideneck.core.checkpoint.CorruptCheckpointException;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.Checkpointable;
import org.wideneck.core.dynamics.DivergedException;
import org.wideneck.core.dynamics.EmbeddingView;
import org.wideneck.core.dynamics.LocalOutputs;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.Relu;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.linalg.Rows;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Grains;

/**
 * The finite-width reference of SPEC §6 (and §8 for the model family): the network of SPEC §1 at hidden width n,
 * with g of L hidden layers,
 * <pre>
 *   h¹ = W1 ξ/√d0,   h^(l+1) = W_(l+1) φ(h^l)/√n,   x = W_(L+1) φ(h^L)/√n,   F = V φ(U x/√d)/√n
 * </pre>
 * trained by SGD in parameter space on the batch mean of the model's loss: every weight w moves by −μ·∂L/∂w (NTK
 * parametrisation, so μ is the function-space simulation's learning rate), or, with momentum β, by PyTorch's heavy
 * ball (v ← βv + ∂L/∂w, w ← w − μv, dampening 0, v = 0 at the start). Started from the simulation's initial
 * weights, its outputs approach the simulation's like n^(−1/2) (more slowly for ReLU once units flip, SPEC §6).
 */
public final class FiniteNetwork implements LocalOutputs, Checkpointable, EmbeddingView {
    private final Problem problem;
    private final NetworkWeights w;
    private final Activation phi;
    private final Loss loss;
    private final Momentum momentum;
    private final double mu;
    /** The velocities of g's layers, U and V (with momentum; null otherwise). */
    private double[][] vg;
    private double[] vu;
    private double[] vv;
    private long flops;
    private double lastBatchLoss = Double.NaN;

    /**
     * Trains a private copy of {@code initial} (whose depth is g's) with the model's activation, loss and momentum.
     */
    public FiniteNetwork(Problem problem, Model model, NetworkWeights initial, double learningRate) {
        if (initial.d0() != problem.d0() || initial.dr() != problem.dr()) {
            throw new IllegalArgumentException("weights are " + initial.d0() + "→" + initial.dr() + " but the data is " + problem.d0() + "→"
                    + problem.dr());
        }
        if (initial.gDepth() != model.gDepth()) {
            throw new IllegalArgumentException("the weights' g has " + initial.gDepth() + " hidden layers but the model " + model.gDepth());
        }
        this.problem = problem;
        this.w = initial.copy();
        this.phi = model.activation();
        this.loss = model.loss();
        this.momentum = model.momentum();
        this.mu = learningRate;
        if (momentum.active()) {
            vg = new double[w.g().length][];
            for (int l = 0; l < vg.length; l++) vg[l] = new double[w.g()[l].length];
            vu = new double[w.u().length];
            vv = new double[w.v().length];
        }
    }

    /** The paper's model (ReLU, squared loss, plain SGD) with the weights' depth. */
    public FiniteNetwork(Problem problem, NetworkWeights initial, double learningRate) {
        this(problem, new Model(initial.d(), Relu.INSTANCE, initial.gDepth(), Loss.MSE, Momentum.NONE), initial,
                learningRate);
    }

    @Override
    public void saveState(StateOutput out) throws IOException {
        out.tag("finite-network-v2");
        out.writeDouble(lastBatchLoss);
        for (double[] layer : w.g()) out.writeDoubles(layer);
        out.writeDoubles(w.u());
        out.writeDoubles(w.v());
        out.writeBoolean(momentum.active());
        if (momentum.active()) {
            for (double[] layer : vg) out.writeDoubles(layer);
            out.writeDoubles(vu);
            out.writeDoubles(vv);
        }
    }

    /** The network a checkpoint holds (see {@link #saveState}); {@code initial} gives its shape. */
    public static FiniteNetwork restore(StateInput in, Problem problem, Model model, NetworkWeights initial, double learningRate)
            throws IOException {
        in.expect("finite-network-v2");
        double last = in.readDouble();
        double[][] g = new double[initial.g().length][];
        for (int l = 0; l < g.length; l++) g[l] = in.readDoubles(NetworkWeights.layerName(l), (long) initial.g()[l].length);
        NetworkWeights w = new NetworkWeights(initial.n(), initial.d0(), initial.d(), initial.dr(), g,
                in.readDoubles("U", (long) initial.u().length), in.readDoubles("V", (long) initial.v().length));
        FiniteNetwork net = new FiniteNetwork(problem, model, w, learningRate);
        if (in.readBoolean() != model.momentum().active()) {
            throw new CorruptCheckpointException("velocities saved for another optimiser");
        }
        if (model.momentum().active()) {
            for (int l = 0; l < g.length; l++) in.readDoublesInto("velocity of " + NetworkWeights.layerName(l), net.vg[l], net.vg[l].length);
            in.readDoublesInto("velocity of U", net.vu, net.vu.length);
            in.readDoublesInto("velocity of V", net.vv, net.vv.length);
        }
        net.lastBatchLoss = last;
        return net;
    }

    /** The current weights (live arrays; do not modify). */
    public NetworkWeights weights() {
        return w;
    }

    @Override
    public Loss loss() {
        return loss;
    }

    @Override
    public long matrixFlops() {
        return flops;
    }

    @Override
    public double lastBatchLoss() {
        return lastBatchLoss;
    }

    @Override
    public void step(int[] batch) {
        Dataset tr = problem.train();
        int b = batch.length, n = w.n(), d0 = w.d0(), d = w.d(), dr = w.dr(), depth = w.gDepth();
        double sd0 = Math.sqrt(d0), sn = Math.sqrt(n), sd = Math.sqrt(d);
        double[] xi = tr.gatherX(batch, 0, b);
        // forward: pre[l] and act[l] of g's hidden layers, then x, then f's hidden layer
        double[][] pre = new double[depth][], act = new double[depth][];
        pre[0] = new double[b * n];
        Gemm.abt(b, n, d0, 1.0 / sd0, xi, 0, w.w1(), 0, 0.0, pre[0], 0);
        act[0] = activated(pre[0]);
        for (int l = 1; l < depth; l++) {
            pre[l] = new double[b * n];
            Gemm.abt(b, n, n, 1.0 / sn, act[l - 1], 0, w.g()[l], 0, 0.0, pre[l], 0);
            act[l] = activated(pre[l]);
        }
        double[] x = new double[b * d];
        Gemm.abt(b, d, n, 1.0 / sn, act[depth - 1], 0, w.gOut(), 0, 0.0, x, 0);
        double[] p2 = new double[b * n];
        Gemm.abt(b, n, d, 1.0 / sd, x, 0, w.u(), 0, 0.0, p2, 0);
        double[] h2 = activated(p2);
        double[] f = new double[b * dr];
        Gemm.abt(b, dr, n, 1.0 / sn, h2, 0, w.v(), 0, 0.0, f, 0);
        double[] y = tr.gatherY(batch, 0, b);
        double[] chi = new double[b * dr];
        for (int i = 0; i < b; i++) {
            loss.chi(f, i * dr, y, i * dr, dr, b, chi, i * dr);
            for (int k = 0; k < dr; k++) if (!Double.isFinite(chi[i * dr + k])) throw new DivergedException("outputs are no longer finite");
        }
        lastBatchLoss = loss.batchMean(f, y, chi, b, dr);
        // backward (all gradients from the weights before the update)
        double[] dh2 = new double[b * n];
        Gemm.ab(b, n, dr, 1.0 / sn, chi, 0, w.v(), 0, 0.0, dh2, 0);
        phi.timesPhiPrime(p2, 0, dh2, 0, b * n);
        double[] dx = new double[b * d];
        Gemm.ab(b, d, n, 1.0 / sd, dh2, 0, w.u(), 0, 0.0, dx, 0);
        double[][] dp = new double[depth][];
        dp[depth - 1] = new double[b * n];
        Gemm.ab(b, n, d, 1.0 / sn, dx, 0, w.gOut(), 0, 0.0, dp[depth - 1], 0);
        phi.timesPhiPrime(pre[depth - 1], 0, dp[depth - 1], 0, b * n);
        for (int l = depth - 1; l >= 1; l--) {
            dp[l - 1] = new double[b * n];
            Gemm.ab(b, n, n, 1.0 / sn, dp[l], 0, w.g()[l], 0, 0.0, dp[l - 1], 0);
            phi.timesPhiPrime(pre[l - 1], 0, dp[l - 1], 0, b * n);
        }
        // updates: V −= μ χᵀh2/√n, U −= μ dh2ᵀx/√d, W_(L+1) −= μ dxᵀh_L/√n, W_l −= μ dp_lᵀh_(l−1)/√n, W1 −= μ dp_1ᵀξ/√d0
        update(dr, n, b, sn, chi, h2, w.v(), vv);
        update(n, d, b, sd, dh2, x, w.u(), vu);
        update(d, n, b, sn, dx, act[depth - 1], w.gOut(), momentum.active() ? vg[depth] : null);
        for (int l = depth - 1; l >= 1; l--) update(n, n, b, sn, dp[l], act[l - 1], w.g()[l], momentum.active() ? vg[l] : null);
        update(n, d0, b, sd0, dp[0], xi, w.w1(), momentum.active() ? vg[0] : null);
        flops += 2L * 3 * b * n * (d0 + 2L * d + dr) + 2L * 3 * b * (long) n * n * (depth - 1);
    }

    /**
     * weights (m×k) −= (μ/root)·aᵀb (a: rows×m, b: rows×k), or with momentum v ← βv + aᵀb/root, weights −= μv. Modifies
     * weights and v.
     */
    private void update(int m, int k, int rows, double root, double[] a, double[] b, double[] weights, double[] v) {
        if (!momentum.active()) {
            Gemm.atb(m, k, rows, -mu / root, a, 0, b, 0, 1.0, weights, 0);
            return;
        }
        double[] grad = new double[m * k];
        Gemm.atb(m, k, rows, 1.0 / root, a, 0, b, 0, 0.0, grad, 0);
        double beta = momentum.beta();
        for (int i = 0; i < grad.length; i++) {
            v[i] = beta * v[i] + grad[i];
            weights[i] -= mu * v[i];
        }
    }

    /** φ of a copy of p. */
    private double[] activated(double[] p) {
        double[] h = p.clone();
        phi.phiInPlace(h, 0, h.length);
        return h;
    }

    @Override
    public double[] embeddings(int[] rows) {
        return Rows.gather(embeddings(Split.TRAIN), w.d(), rows);
    }

    /** Bottleneck embeddings x = g(ξ) of the split, N×d. */
    public double[] embeddings(Split split) {
        Dataset ds = problem.split(split);
        flops += 2L * ds.size() * w.n() * (w.d0() + w.d());
        return embeddings(w, phi, ds.x(), ds.size());
    }

    @Override
    public double[] outputs(Split split) {
        Dataset ds = problem.split(split);
        flops += 2L * ds.size() * w.n() * (w.d0() + w.d()) + 2L * ds.size() * w.n() * (w.d() + w.dr());
        return forward(w, phi, ds.x(), ds.size());
    }

    @Override
    public double[] outputs(Split split, int[] rows) {
        return Rows.gather(outputs(split), w.dr(), rows);
    }

    /** x = g(ξ) at rows inputs xi (rows×d0) of the network with weights w and activation phi; a fresh rows×d array. */
    public static double[] embeddings(NetworkWeights w, Activation phi, double[] xi, int rows) {
        int n = w.n(), d0 = w.d0(), d = w.d();
        double[] out = new double[rows * d];
        int block = Math.min(rows, Grains.FINITE_ROWS);
        double[] h = new double[block * n], h2 = w.gDepth() > 1 ? new double[block * n] : null;
        for (int r0 = 0; r0 < rows; r0 += Grains.FINITE_ROWS) {
            int nb = Math.min(Grains.FINITE_ROWS, rows - r0);
            Gemm.abt(nb, n, d0, 1.0 / Math.sqrt(d0), xi, r0 * d0, w.w1(), 0, 0.0, h, 0);
            phi.phiInPlace(h, 0, nb * n);
            double[] in = h, next = h2;
            for (int l = 1; l < w.gDepth(); l++) {
                Gemm.abt(nb, n, n, 1.0 / Math.sqrt(n), in, 0, w.g()[l], 0, 0.0, next, 0);
                phi.phiInPlace(next, 0, nb * n);
                double[] t = in;
                in = next;
                next = t;
            }
            Gemm.abt(nb, d, n, 1.0 / Math.sqrt(n), in, 0, w.gOut(), 0, 0.0, out, r0 * d);
        }
        return out;
    }

    /** F = f(g(ξ)) at rows inputs xi (rows×d0) of the network with weights w and activation phi; a fresh rows×dr array. */
    public static double[] forward(NetworkWeights w, Activation phi, double[] xi, int rows) {
        int n = w.n(), d = w.d(), dr = w.dr();
        double[] x = embeddings(w, phi, xi, rows);
        double[] out = new double[rows * dr];
        double[] h = new double[Math.min(rows, Grains.FINITE_ROWS) * n];
        for (int r0 = 0; r0 < rows; r0 += Grains.FINITE_ROWS) {
            int nb = Math.min(Grains.FINITE_ROWS, rows - r0);
            Gemm.abt(nb, n, d, 1.0 / Math.sqrt(d), x, r0 * d, w.u(), 0, 0.0, h, 0);
            phi.phiInPlace(h, 0, nb * n);
            Gemm.abt(nb, dr, n, 1.0 / Math.sqrt(n), h, 0, w.v(), 0, 0.0, out, r0 * dr);
        }
        return out;
    }
}

package org.wideneck.core.finite;

import org.wideneck.core.parallel.Grains;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.dynamics.DivergedException;
import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.data.Split;

/**
 * The finite-width reference of SPEC §6: the network of SPEC §1 at hidden width n,
 * <pre>
 *   x = W2 φ(W1 ξ/√d0)/√n,    F = V φ(U x/√d)/√n
 * </pre>
 * trained by SGD in parameter space on the mean over the batch of ½|F − y|², every weight updated by
 * −μ·∂L/∂w (NTK parametrisation, so μ is the function-space simulation's learning rate). Started from
 * the simulation's initial weights, its outputs approach the simulation's like 1/√n.
 */
public final class FiniteNetwork implements Simulation {
    private final Problem problem;
    private final NetworkWeights w;
    private final double mu;
    private long flops;
    private double lastBatchLoss = Double.NaN;

    /** Trains a private copy of {@code initial}. */
    public FiniteNetwork(Problem problem, NetworkWeights initial, double learningRate) {
        if (initial.d0() != problem.d0() || initial.dr() != problem.dr()) {
            throw new IllegalArgumentException("weights are " + initial.d0() + "→" + initial.dr()
                    + " but the data is " + problem.d0() + "→" + problem.dr());
        }
        this.problem = problem;
        this.w = initial.copy();
        this.mu = learningRate;
    }

    @Override
    public void saveState(org.wideneck.core.checkpoint.StateOutput out) throws java.io.IOException {
        out.tag("finite-network");
        out.writeDouble(lastBatchLoss);
        out.writeDoubles(w.w1());
        out.writeDoubles(w.w2());
        out.writeDoubles(w.u());
        out.writeDoubles(w.v());
    }

    /** The network a checkpoint holds (see {@link #saveState}); {@code initial} gives its shape. */
    public static FiniteNetwork restore(org.wideneck.core.checkpoint.StateInput in, Problem problem, NetworkWeights initial,
                                        double learningRate) throws java.io.IOException {
        in.expect("finite-network");
        double last = in.readDouble();
        NetworkWeights w = new NetworkWeights(initial.n(), initial.d0(), initial.d(), initial.dr(),
                in.readDoubles("W1", (long) initial.w1().length), in.readDoubles("W2", (long) initial.w2().length),
                in.readDoubles("U", (long) initial.u().length), in.readDoubles("V", (long) initial.v().length));
        FiniteNetwork net = new FiniteNetwork(problem, w, learningRate);
        net.lastBatchLoss = last;
        return net;
    }

    /** The current weights (live arrays; do not modify). */
    public NetworkWeights weights() {
        return w;
    }

    @Override
    public long matrixFlops() {
        return flops;
    }

    @Override
    public void step(int[] batch) {
        Dataset tr = problem.train();
        int b = batch.length, n = w.n(), d0 = w.d0(), d = w.d(), dr = w.dr();
        double sd0 = Math.sqrt(d0), sn = Math.sqrt(n), sd = Math.sqrt(d);
        double[] xi = tr.gatherX(batch, 0, b);
        // forward
        double[] p1 = new double[b * n];
        Gemm.abt(b, n, d0, 1.0 / sd0, xi, 0, w.w1(), 0, 0.0, p1, 0);
        double[] h1 = relu(p1);
        double[] x = new double[b * d];
        Gemm.abt(b, d, n, 1.0 / sn, h1, 0, w.w2(), 0, 0.0, x, 0);
        double[] p2 = new double[b * n];
        Gemm.abt(b, n, d, 1.0 / sd, x, 0, w.u(), 0, 0.0, p2, 0);
        double[] h2 = relu(p2);
        double[] f = new double[b * dr];
        Gemm.abt(b, dr, n, 1.0 / sn, h2, 0, w.v(), 0, 0.0, f, 0);
        double[] chi = new double[b * dr];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < dr; k++) {
                double v = (f[i * dr + k] - tr.y()[batch[i] * dr + k]) / b;
                if (!Double.isFinite(v)) throw new DivergedException("outputs are no longer finite");
                chi[i * dr + k] = v;
            }
        }
        lastBatchLoss = org.wideneck.core.dynamics.Simulation.batchLoss(chi, b);
        // backward (all gradients from the weights before the update)
        double[] dh2 = new double[b * n];
        Gemm.ab(b, n, dr, 1.0 / sn, chi, 0, w.v(), 0, 0.0, dh2, 0);
        for (int i = 0; i < b * n; i++) if (!(p2[i] > 0)) dh2[i] = 0.0;
        double[] dx = new double[b * d];
        Gemm.ab(b, d, n, 1.0 / sd, dh2, 0, w.u(), 0, 0.0, dx, 0);
        double[] dh1 = new double[b * n];
        Gemm.ab(b, n, d, 1.0 / sn, dx, 0, w.w2(), 0, 0.0, dh1, 0);
        for (int i = 0; i < b * n; i++) if (!(p1[i] > 0)) dh1[i] = 0.0;
        // updates: V −= μ χᵀh2/√n, U −= μ dh2ᵀx/√d, W2 −= μ dxᵀh1/√n, W1 −= μ dh1ᵀξ/√d0
        Gemm.atb(dr, n, b, -mu / sn, chi, 0, h2, 0, 1.0, w.v(), 0);
        Gemm.atb(n, d, b, -mu / sd, dh2, 0, x, 0, 1.0, w.u(), 0);
        Gemm.atb(d, n, b, -mu / sn, dx, 0, h1, 0, 1.0, w.w2(), 0);
        Gemm.atb(n, d0, b, -mu / sd0, dh1, 0, xi, 0, 1.0, w.w1(), 0);
        flops += 2L * 3 * b * n * (d0 + 2L * d + dr);
    }

    @Override
    public double lastBatchLoss() {
        return lastBatchLoss;
    }

    private static double[] relu(double[] p) {
        double[] h = new double[p.length];
        for (int i = 0; i < p.length; i++) h[i] = p[i] > 0 ? p[i] : 0.0;
        return h;
    }

    @Override
    public double[] embeddings(int[] rows) {
        return org.wideneck.core.linalg.Rows.gather(embeddings(Split.TRAIN), w.d(), rows);
    }

    /** Bottleneck embeddings x = g(ξ) of the split, N×d. */
    public double[] embeddings(Split split) {
        Dataset ds = problem.split(split);
        flops += 2L * ds.size() * w.n() * (w.d0() + w.d());
        return embeddings(w, ds.x(), ds.size());
    }

    @Override
    public double[] outputs(Split split) {
        Dataset ds = problem.split(split);
        flops += 2L * ds.size() * w.n() * (w.d0() + w.d()) + 2L * ds.size() * w.n() * (w.d() + w.dr());
        return forward(w, ds.x(), ds.size());
    }

    /** x = g(ξ) at rows inputs xi (rows×d0) of the network with weights w; a fresh rows×d array. */
    public static double[] embeddings(NetworkWeights w, double[] xi, int rows) {
        int n = w.n(), d0 = w.d0(), d = w.d();
        double[] out = new double[rows * d];
        double[] h = new double[Math.min(rows, Grains.FINITE_ROWS) * n];
        for (int r0 = 0; r0 < rows; r0 += Grains.FINITE_ROWS) {
            int nb = Math.min(Grains.FINITE_ROWS, rows - r0);
            Gemm.abt(nb, n, d0, 1.0 / Math.sqrt(d0), xi, r0 * d0, w.w1(), 0, 0.0, h, 0);
            for (int i = 0; i < nb * n; i++) if (!(h[i] > 0)) h[i] = 0.0;
            Gemm.abt(nb, d, n, 1.0 / Math.sqrt(n), h, 0, w.w2(), 0, 0.0, out, r0 * d);
        }
        return out;
    }

    /** F = f(g(ξ)) at rows inputs xi (rows×d0) of the network with weights w (SPEC §1); a fresh rows×dr array. */
    public static double[] forward(NetworkWeights w, double[] xi, int rows) {
        int n = w.n(), d = w.d(), dr = w.dr();
        double[] x = embeddings(w, xi, rows);
        double[] out = new double[rows * dr];
        double[] h = new double[Math.min(rows, Grains.FINITE_ROWS) * n];
        for (int r0 = 0; r0 < rows; r0 += Grains.FINITE_ROWS) {
            int nb = Math.min(Grains.FINITE_ROWS, rows - r0);
            Gemm.abt(nb, n, d, 1.0 / Math.sqrt(d), x, r0 * d, w.u(), 0, 0.0, h, 0);
            for (int i = 0; i < nb * n; i++) if (!(h[i] > 0)) h[i] = 0.0;
            Gemm.abt(nb, dr, n, 1.0 / Math.sqrt(n), h, 0, w.v(), 0, 0.0, out, r0 * dr);
        }
        return out;
    }
}

package org.wideneck.core.verify;

import java.util.SplittableRandom;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;

/**
 * Lemma 4.1 (SPEC §6, paper appendix E, figs 13–14): a deep <em>linear</em> bottleneck network in NTK
 * parametrisation, g(ξ) = θ_{L_g}⋯θ_1 ξ / √(d0 n^(L_g−1)) and f(x) = w_{L_f}⋯w_1 x / √(d n^(L_f−1)) (hidden
 * widths n, weights iid N(0, 1)), trained by full-batch gradient descent at learning rate μ, trains like the
 * two-layer network F(ξ) = w_eff θ_eff ξ / √(d d0) started from the same effective weights
 * (θ_eff = θ_{L_g}⋯θ_1/√(n^(L_g−1)), w_eff likewise) and trained with learning rates L_f μ (w_eff) and
 * L_g μ (θ_eff) — i.e. with the kernels Θ = L_g ξ·ξ̃/d0, K = L_f x·x̃/d, Ξ = L_f x̃/d. The distance of the
 * two networks' outputs shrinks as n grows.
 */
public final class DeepLinear {
    private DeepLinear() {}

    /** Layer matrices, row-major: layer l maps dims[l] → dims[l+1]. */
    private static double[][] draw(SplittableRandom r, int[] dims) {
        double[][] w = new double[dims.length - 1][];
        for (int l = 0; l + 1 < dims.length; l++) {
            w[l] = new double[dims[l + 1] * dims[l]];
            for (int i = 0; i < w[l].length; i++) w[l][i] = r.nextGaussian();
        }
        return w;
    }

    /** out (rows×q) = a (rows×k) · bᵀ (b is q×k) · scale. */
    private static double[] abt(double[] a, int rows, int k, double[] b, int q, double scale) {
        double[] out = new double[rows * q];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < q; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i * k + t] * b[j * k + t];
                out[i * q + j] = s * scale;
            }
        }
        return out;
    }

    /** Forward through a chain: activations of every layer (acts[0] = input), each layer scaled by 1/√fan-in. */
    private static double[][] forward(double[][] w, int[] dims, double[] x, int rows) {
        double[][] acts = new double[w.length + 1][];
        acts[0] = x;
        for (int l = 0; l < w.length; l++) acts[l + 1] = abt(acts[l], rows, dims[l], w[l], dims[l + 1], 1 / Math.sqrt(dims[l]));
        return acts;
    }

    /**
     * Backward through a chain from dL/d(output) (rows×dims[last]): updates the weights by −lr·∂L/∂w
     * (modifies w) and returns dL/d(input), computed with the weights before the update.
     */
    private static double[] backward(double[][] w, int[] dims, double[][] acts, double[] gOut, int rows, double lr) {
        double[] g = gOut;
        double[][] grads = new double[w.length][];
        for (int l = w.length - 1; l >= 0; l--) {
            int in = dims[l], out = dims[l + 1];
            double sc = 1 / Math.sqrt(in);
            grads[l] = new double[out * in];
            for (int i = 0; i < rows; i++) {
                for (int o = 0; o < out; o++) {
                    double go = g[i * out + o] * sc;
                    if (go == 0) continue;
                    for (int t = 0; t < in; t++) grads[l][o * in + t] += go * acts[l][i * in + t];
                }
            }
            double[] gin = new double[rows * in];
            for (int i = 0; i < rows; i++) {
                for (int o = 0; o < out; o++) {
                    double go = g[i * out + o] * sc;
                    for (int t = 0; t < in; t++) gin[i * in + t] += go * w[l][o * in + t];
                }
            }
            g = gin;
        }
        for (int l = 0; l < w.length; l++) for (int i = 0; i < w[l].length; i++) w[l][i] -= lr * grads[l][i];
        return g;
    }

    /** The product of a chain's matrices with its hidden scalings: the effective (out × in) matrix, unscaled by the input dimension. */
    private static double[] effective(double[][] w, int[] dims) {
        int in = dims[0];
        double[] eye = new double[in * in];
        for (int i = 0; i < in; i++) eye[i * in + i] = Math.sqrt(in); // undo the first layer's 1/√in
        double[][] acts = forward(w, dims, eye, in); // rows: e_i·√in → column i of the product
        double[] last = acts[acts.length - 1];
        int out = dims[dims.length - 1];
        double[] eff = new double[out * in];
        for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) eff[o * in + i] = last[i * out + o];
        return eff;
    }

    /** Relative distance of the outputs (train and test) of the deep network and its two-layer counterpart after `steps` GD steps. */
    public static double distance(Problem p, int lg, int lf, int n, int d, double mu, int steps, long seed) {
        return distance(p, lg, lf, n, d, mu, steps, seed, true);
    }

    /** As above; {@code scaledRates = false} trains the two-layer network at μ, μ (what lemma 4.1 says is wrong). */
    public static double distance(Problem p, int lg, int lf, int n, int d, double mu, int steps, long seed, boolean scaledRates) {
        Dataset tr = p.train(), te = p.test();
        int N = tr.size(), d0 = p.d0(), dr = p.dr();
        int[] gd = new int[lg + 1], fd = new int[lf + 1];
        gd[0] = d0;
        for (int l = 1; l < lg; l++) gd[l] = n;
        gd[lg] = d;
        fd[0] = d;
        for (int l = 1; l < lf; l++) fd[l] = n;
        fd[lf] = dr;
        SplittableRandom r = new SplittableRandom(seed);
        double[][] th = draw(r, gd), w = draw(r, fd);
        // the two-layer network: θ_eff (d×d0) and w_eff (dr×d), from the same initial weights
        double[][] thE = {effective(th, gd)}, wE = {effective(w, fd)};
        int[] gE = {d0, d}, fE = {d, dr};
        for (int t = 0; t < steps; t++) {
            step(th, gd, w, fd, tr, mu, mu);
            step(thE, gE, wE, fE, tr, scaledRates ? lg * mu : mu, scaledRates ? lf * mu : mu);
        }
        double[] a = concat(out(th, gd, w, fd, tr), out(th, gd, w, fd, te));
        double[] b = concat(out(thE, gE, wE, fE, tr), out(thE, gE, wE, fE, te));
        return FiniteDistance.relDist(a, b);
    }

    private static double[] out(double[][] th, int[] gd, double[][] w, int[] fd, Dataset ds) {
        double[][] ga = forward(th, gd, ds.x(), ds.size());
        double[][] fa = forward(w, fd, ga[ga.length - 1], ds.size());
        return fa[fa.length - 1];
    }

    /** One full-batch GD step on the mean of ½|F − y|²: g's weights at lrG, f's at lrF. Modifies both chains. */
    private static void step(double[][] th, int[] gd, double[][] w, int[] fd, Dataset tr, double lrG, double lrF) {
        int N = tr.size(), dr = fd[fd.length - 1];
        double[][] ga = forward(th, gd, tr.x(), N);
        double[][] fa = forward(w, fd, ga[ga.length - 1], N);
        double[] f = fa[fa.length - 1];
        double[] chi = new double[N * dr];
        for (int i = 0; i < chi.length; i++) chi[i] = (f[i] - tr.y()[i]) / N;
        double[] gx = backward(w, fd, fa, chi, N, lrF);
        backward(th, gd, ga, gx, N, lrG);
    }

    private static double[] concat(double[] x, double[] y) {
        return FiniteDistance.concat(x, y);
    }
}

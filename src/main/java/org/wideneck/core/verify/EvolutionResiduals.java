package org.wideneck.core.verify;

import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.FKernel;
import org.wideneck.core.kernel.InputKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.model.Model;

/**
 * The function-space evolution equations along a finite network's trajectory (paper eqs 12–14, appendix
 * E, figure 12; SPEC §6): a width-n bottleneck network is trained by full-batch gradient descent at a
 * small learning rate lr, and at each step t the relative residual
 * <pre>
 *   r_ψ[t] = ‖(ψ[t+1] − ψ[t])/lr − RHS_ψ[t]‖ / ‖RHS_ψ[t]‖,   ψ ∈ {F, g, J}
 *   RHS_g(ξ) = −Σ_i Θ(ξ, ξ_i) J_iᵀ χ_i                                   (eq 12)
 *   RHS_J(x) = −Σ_i χ_i Ξ(x, g_i)ᵀ                                        (eq 13)
 *   RHS_F(ξ) = −Σ_i [K(g(ξ), g_i) χ_i + Θ(ξ, ξ_i) J(g(ξ)) J_iᵀ χ_i]        (eq 14)
 * </pre>
 * (for J over the whole trajectory, ‖(J[T] − J[0])/lr − Σ_t RHS_J[t]‖ / ‖Σ_t RHS_J[t]‖) is measured with
 * the <em>limiting</em> kernels K, Θ, Ξ of the model (its activation and depth of g) and the network's own
 * g_i = g_t(ξ_i), J_i = J_t(g_i), χ_i = (F_t(ξ_i) − y_i)/N. F and g are taken at the training points, J
 * at fixed bottleneck points (g_0 of the first {@link #J_POINTS} training points). The residuals shrink as n grows (the
 * empirical kernels approach the limiting ones) and with lr (the finite difference).
 */
public final class EvolutionResiduals {
    /** Median residual over the steps for F, g and J. */
    public record Result(int n, double f, double g, double j) {}

    private EvolutionResiduals() {}

    /** Runs `steps` full-batch steps at learning rate lr from weights drawn with the seed; median residuals (the paper's model). */
    public static Result measure(Problem p, int n, int d, double lr, int steps, long seed, boolean wrongXi) {
        return measure(p, Model.paper(d), n, lr, steps, seed, wrongXi);
    }

    /**
     * Runs `steps` full-batch steps at learning rate lr of the model's network of width n (squared loss, no momentum:
     * the equations' setting) from weights drawn with the seed; median residuals.
     */
    public static Result measure(Problem p, Model model, int n, double lr, int steps, long seed, boolean wrongXi) {
        int d = model.width();
        Activation phi = model.activation();
        InputKernel thetaK = model.inputKernel(KernelPath.SCALAR);
        FKernel kK = model.outputKernel(KernelPath.SCALAR);
        NetworkWeights w0 = NetworkWeights.random(seed, n, p.d0(), d, p.dr(), model.gDepth());
        FiniteNetwork net = new FiniteNetwork(p, model, w0, lr);
        Dataset tr = p.train();
        int N = tr.size(), dr = p.dr(), d0 = p.d0();
        int[] all = new int[N];
        for (int i = 0; i < N; i++) all[i] = i;
        int js = Math.min(J_POINTS, N);
        double[] xStar = java.util.Arrays.copyOf(net.embeddings(Split.TRAIN), js * d);
        double[][] theta = new double[N][N];
        for (int a = 0; a < N; a++) {
            for (int i = 0; i < N; i++) theta[a][i] = thetaK.value(row(tr.x(), a, d0), row(tr.x(), i, d0));
        }
        double[] rf = new double[steps], rg = new double[steps];
        double[] jStart = null, rhsJSum = new double[js * dr * d];
        double[] f = net.outputs(Split.TRAIN), g = net.embeddings(Split.TRAIN);
        double[][] jac = jacobians(net.weights(), phi, g, N);
        double[] jStar = flat(jacobians(net.weights(), phi, xStar, js));
        for (int t = 0; t < steps; t++) {
            double[] chi = new double[N * dr];
            for (int q = 0; q < chi.length; q++) chi[q] = (f[q] - tr.y()[q]) / N;
            // right-hand sides from the state at t
            double[] rhsG = new double[N * d], rhsF = new double[N * dr], rhsJ = new double[js * dr * d];
            double[][] jtChi = new double[N][d];
            for (int i = 0; i < N; i++) {
                for (int k = 0; k < dr; k++) for (int b = 0; b < d; b++) jtChi[i][b] += jac[i][k * d + b] * chi[i * dr + k];
            }
            for (int a = 0; a < N; a++) {
                double[] ga = row(g, a, d);
                for (int i = 0; i < N; i++) {
                    double th = theta[a][i], kk = kK.value(ga, row(g, i, d));
                    for (int b = 0; b < d; b++) rhsG[a * d + b] -= th * jtChi[i][b];
                    for (int k = 0; k < dr; k++) {
                        double jj = 0;
                        for (int b = 0; b < d; b++) jj += jac[a][k * d + b] * jtChi[i][b];
                        rhsF[a * dr + k] -= kk * chi[i * dr + k] + th * jj;
                    }
                }
            }
            for (int s = 0; s < js; s++) {
                for (int i = 0; i < N; i++) {
                    double[] xi = kK.xi(row(xStar, s, d), row(g, i, d));
                    if (wrongXi) for (int b = 0; b < d; b++) xi[b] *= 0.5; // a deliberately wrong Ξ (verification of the check)
                    for (int k = 0; k < dr; k++) for (int b = 0; b < d; b++) rhsJ[(s * dr + k) * d + b] -= chi[i * dr + k] * xi[b];
                }
            }
            net.step(all);
            double[] f1 = net.outputs(Split.TRAIN), g1 = net.embeddings(Split.TRAIN);
            double[] jStar1 = flat(jacobians(net.weights(), phi, xStar, js));
            rf[t] = residual(f1, f, lr, rhsF);
            rg[t] = residual(g1, g, lr, rhsG);
            if (jStart == null) jStart = jStar;
            for (int q = 0; q < rhsJ.length; q++) rhsJSum[q] += rhsJ[q];
            f = f1;
            g = g1;
            jStar = jStar1;
            jac = jacobians(net.weights(), phi, g, N);
        }
        // J over the whole trajectory: its change comes partly from hidden units whose activation flips, a few
        // per step at these widths, so single steps are noisy; the cumulative change averages them
        double rj = steps == 0 ? Double.NaN : residual(jStar, jStart, lr, rhsJSum);
        return new Result(n, median(rf), median(rg), rj);
    }

    /** ‖(after − before)/lr − rhs‖ / ‖rhs‖. */
    static double residual(double[] after, double[] before, double lr, double[] rhs) {
        double num = 0, den = 0;
        for (int i = 0; i < rhs.length; i++) {
            double e = (after[i] - before[i]) / lr - rhs[i];
            num += e * e;
            den += rhs[i] * rhs[i];
        }
        return Math.sqrt(num / den);
    }

    /** J(x) = V diag(φ'(U x/√d)) U / √(n d) at each of `rows` points of x (rows×d), as dr×d row-major blocks. */
    static double[][] jacobians(NetworkWeights w, Activation phi, double[] x, int rows) {
        int n = w.n(), d = w.d(), dr = w.dr();
        double sd = Math.sqrt(d), snd = Math.sqrt((double) n * d);
        double[][] out = new double[rows][dr * d];
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < n; h++) {
                double pre = 0;
                for (int b = 0; b < d; b++) pre += w.u()[h * d + b] * x[r * d + b];
                double dphi = phi.phiPrime(pre / sd);
                if (dphi == 0) continue;
                for (int k = 0; k < dr; k++) {
                    double vk = dphi * w.v()[k * n + h] / snd;
                    for (int b = 0; b < d; b++) out[r][k * d + b] += vk * w.u()[h * d + b];
                }
            }
        }
        return out;
    }

    /** Fixed bottleneck points at which J is followed: g_0 of the first few training points. */
    static final int J_POINTS = 8;

    static double[] flat(double[][] blocks) {
        int len = blocks.length == 0 ? 0 : blocks[0].length;
        double[] out = new double[blocks.length * len];
        for (int i = 0; i < blocks.length; i++) System.arraycopy(blocks[i], 0, out, i * len, len);
        return out;
    }

    static double[] row(double[] a, int r, int width) {
        return java.util.Arrays.copyOfRange(a, r * width, (r + 1) * width);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}

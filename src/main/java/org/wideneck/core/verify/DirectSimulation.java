package org.wideneck.core.verify;

import java.util.ArrayList;
import java.util.List;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.DivergedException;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.kernel.ReluKernel;
import org.wideneck.core.parallel.Workers;

/**
 * SPEC §4's recursion written out directly, point by point, for small problems: the reference the
 * verification compares the fast simulator with, and the only place the paper's printed eq 44 can be run.
 * <pre>
 *   g_t(ξ)     = g_0(ξ) − μ Σ_s Θ(ξ, ξ_s) h_s                      (eq 42, over every past batch point s)
 *   f_t(x)     = f_0(x) − μ Σ_h K(x, x_h) χ_h                      (eq 44)
 *   J_t(x)ᵀ χ  = J_0(x)ᵀ χ − μ Σ_h (χ_h·χ) Ξ(x, x_h)               (eq 43)
 *   F_t(ξ)     = f_t(g_t(ξ))                                       (SPEC: f_0 at the moved embedding)
 *   F_t(ξ)     = F_0(ξ) − μ Σ_h K(g_t(ξ), x_h) χ_h                 (paper's eq 44 as printed, {@code paperEq44})
 * </pre>
 * Costs O(points · |H| · d) per evaluation; meant for a few hundred points and steps.
 */
public final class DirectSimulation implements Simulation {
    private final Problem p;
    private final InitialNetwork net;
    private final double mu;
    private final boolean paperEq44;
    private final int d, dr, d0;
    private final double[] g0Train, g0Test, f0Train, f0Test;
    private final List<double[]> hx = new ArrayList<>(), hchi = new ArrayList<>();
    private final List<Integer> srcIndex = new ArrayList<>();
    private final List<double[]> srcH = new ArrayList<>();
    private double lastBatchLoss = Double.NaN;

    public DirectSimulation(Problem p, InitialNetwork net, double mu, boolean paperEq44) {
        this.p = p;
        this.net = net;
        this.mu = mu;
        this.paperEq44 = paperEq44;
        this.d = net.weights().d();
        this.dr = p.dr();
        this.d0 = p.d0();
        this.g0Train = net.g0(p.train().x(), p.train().size());
        this.g0Test = net.g0(p.test().x(), p.test().size());
        this.f0Train = f0(g0Train, p.train().size());
        this.f0Test = f0(g0Test, p.test().size());
    }

    private double[] f0(double[] x, int rows) {
        double[] out = new double[rows * dr];
        net.f0(x, 0, rows, out, 0, Workers.sequential());
        return out;
    }

    /** g_t at the given point of a split (a fresh d-vector). */
    private double[] g(Split split, int i) {
        Dataset ds = p.split(split);
        double[] g = java.util.Arrays.copyOfRange(split == Split.TRAIN ? g0Train : g0Test, i * d, (i + 1) * d);
        double[] xi = EvolutionResiduals.row(ds.x(), i, d0);
        for (int s = 0; s < srcIndex.size(); s++) {
            double th = ReluKernel.ntk(xi, EvolutionResiduals.row(p.train().x(), srcIndex.get(s), d0));
            double[] h = srcH.get(s);
            for (int b = 0; b < d; b++) g[b] -= mu * th * h[b];
        }
        return g;
    }

    /** F_t at the given point of a split. */
    private double[] output(Split split, int i) {
        double[] x = g(split, i);
        double[] out;
        if (paperEq44) {
            out = java.util.Arrays.copyOfRange(split == Split.TRAIN ? f0Train : f0Test, i * dr, (i + 1) * dr);
        } else {
            out = f0(x, 1);
        }
        for (int h = 0; h < hx.size(); h++) {
            double k = ReluKernel.ntk(x, hx.get(h));
            for (int c = 0; c < dr; c++) out[c] -= mu * k * hchi.get(h)[c];
        }
        return out;
    }

    @Override
    public void step(int[] batch) {
        int bsz = batch.length;
        double[][] xs = new double[bsz][], chis = new double[bsz][], hs = new double[bsz][];
        double loss = 0;
        for (int b = 0; b < bsz; b++) {
            xs[b] = g(Split.TRAIN, batch[b]);
            double[] f = output(Split.TRAIN, batch[b]);
            chis[b] = new double[dr];
            for (int c = 0; c < dr; c++) {
                double e = f[c] - p.train().y()[batch[b] * dr + c];
                if (!Double.isFinite(e)) throw new DivergedException("outputs are no longer finite");
                chis[b][c] = e / bsz;
                loss += 0.5 * e * e / bsz;
            }
            hs[b] = new double[d];
            net.jacobianTransposeTimes(xs[b], 0, chis[b], 0, 1, hs[b], 0, Workers.sequential());
            for (int h = 0; h < hx.size(); h++) {
                double dot = 0;
                for (int c = 0; c < dr; c++) dot += hchi.get(h)[c] * chis[b][c];
                double[] xi = ReluKernel.xi(xs[b], hx.get(h));
                for (int k = 0; k < d; k++) hs[b][k] -= mu * dot * xi[k];
            }
        }
        for (int b = 0; b < bsz; b++) {
            hx.add(xs[b]);
            hchi.add(chis[b]);
            srcIndex.add(batch[b]);
            srcH.add(hs[b]);
        }
        lastBatchLoss = loss;
    }

    @Override
    public double[] outputs(Split split) {
        int n = p.split(split).size();
        double[] out = new double[n * dr];
        for (int i = 0; i < n; i++) System.arraycopy(output(split, i), 0, out, i * dr, dr);
        return out;
    }

    @Override
    public double lastBatchLoss() {
        return lastBatchLoss;
    }

    @Override
    public long matrixFlops() {
        return 0;
    }
}

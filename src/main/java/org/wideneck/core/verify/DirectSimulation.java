package org.wideneck.core.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.DivergedException;
import org.wideneck.core.dynamics.LocalOutputs;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.kernel.FKernel;
import org.wideneck.core.kernel.InputKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.dynamics.BottleneckSimulator;

/**
 * SPEC §4's recursion (§8 for the model family and momentum) written out directly, point by point, for small
 * problems: the reference the verification compares the fast simulator with, and the only place the paper's printed
 * eq 44 can be run. With every past batch point s (made at step t_s) weighted by c(t − t_s) (≡ 1 without momentum):
 * <pre>
 *   g_t(ξ)     = g_0(ξ) − μ Σ_s c(t − t_s)·Θ(ξ, ξ_s) h_s                      (eq 42)
 *   f_t(x)     = f_0(x) − μ Σ_h c(t − t_h)·K(x, x_h) χ_h                      (eq 44)
 *   J_t(x)ᵀ χ  = J_0(x)ᵀ χ − μ Σ_h c(t − t_h)·(χ_h·χ) Ξ(x, x_h)               (eq 43)
 *   F_t(ξ)     = f_t(g_t(ξ))                                                  (SPEC: f_0 at the moved embedding)
 *   F_t(ξ)     = F_0(ξ) − μ Σ_h c(t − t_h)·K(g_t(ξ), x_h) χ_h                 (paper's eq 44 as printed, {@code paperEq44})
 * </pre>
 * Its kernels are the closed forms evaluated pair by pair (the scalar references), its momentum the weights c
 * themselves — none of the simulator's blocking, deferral, velocities or coefficient sets. Costs O(points · |H| · d)
 * per evaluation; meant for a few hundred points and steps.
 */
public final class DirectSimulation implements LocalOutputs {
    private final Problem p;
    private final Model model;
    private final InitialNetwork net;
    private final InputKernel theta;
    private final FKernel k;
    private final double mu;
    private final boolean paperEq44;
    private final int d, dr, d0;
    private final double[] g0Train, g0Test, f0Train, f0Test;
    /** Θ(ξ_i, ξ_j) of every point of a split against every training point (the inputs never move). */
    private final double[][] thetaTrain, thetaTest;
    private final List<double[]> hx = new ArrayList<>(), hchi = new ArrayList<>(), srcH = new ArrayList<>();
    private final List<Integer> srcIndex = new ArrayList<>(), srcStep = new ArrayList<>();
    private int t;
    private double lastBatchLoss = Double.NaN;

    public DirectSimulation(Problem p, Model model, InitialNetwork net, double mu, boolean paperEq44) {
        this.p = p;
        this.model = model;
        this.net = net;
        this.theta = model.inputKernel(KernelPath.SCALAR);
        this.k = model.outputKernel(KernelPath.SCALAR);
        this.mu = mu;
        this.paperEq44 = paperEq44;
        this.d = net.weights().d();
        this.dr = p.dr();
        this.d0 = p.d0();
        this.g0Train = net.g0(p.train().x(), p.train().size());
        this.g0Test = net.g0(p.test().x(), p.test().size());
        this.f0Train = f0(g0Train, p.train().size());
        this.f0Test = f0(g0Test, p.test().size());
        this.thetaTrain = thetas(p.train());
        this.thetaTest = thetas(p.test());
    }

    private double[][] thetas(Dataset ds) {
        double[][] out = new double[ds.size()][p.train().size()];
        for (int i = 0; i < ds.size(); i++) {
            double[] xi = EvolutionResiduals.row(ds.x(), i, d0);
            for (int j = 0; j < p.train().size(); j++) out[i][j] = theta.value(xi, EvolutionResiduals.row(p.train().x(), j, d0));
        }
        return out;
    }

    /** The paper's eq 44 question on the paper's model family member of the network's own φ and depth. */
    public DirectSimulation(Problem p, InitialNetwork net, double mu, boolean paperEq44) {
        this(p, BottleneckSimulator.modelOf(net), net, mu, paperEq44);
    }

    private double[] f0(double[] x, int rows) {
        double[] out = new double[rows * dr];
        net.f0(x, 0, rows, out, 0, Workers.sequential());
        return out;
    }

    private double weight(int madeAt) {
        return model.momentum().weight(t - madeAt);
    }

    /** g_t at the given point of a split (a fresh d-vector). */
    private double[] g(Split split, int i) {
        double[] g = Arrays.copyOfRange(split == Split.TRAIN ? g0Train : g0Test, i * d, (i + 1) * d);
        double[] row = (split == Split.TRAIN ? thetaTrain : thetaTest)[i];
        for (int s = 0; s < srcIndex.size(); s++) {
            double th = weight(srcStep.get(s)) * row[srcIndex.get(s)];
            double[] h = srcH.get(s);
            for (int b = 0; b < d; b++) g[b] -= mu * th * h[b];
        }
        return g;
    }

    /** F_t at the given point of a split. */
    private double[] output(Split split, int i) {
        double[] x = g(split, i);
        double[] out = paperEq44 ? Arrays.copyOfRange(split == Split.TRAIN ? f0Train : f0Test, i * dr, (i + 1) * dr) : f0(x, 1);
        for (int h = 0; h < hx.size(); h++) {
            double kv = weight(srcStep.get(h)) * k.value(x, hx.get(h));
            for (int c = 0; c < dr; c++) out[c] -= mu * kv * hchi.get(h)[c];
        }
        return out;
    }

    @Override
    public void step(int[] batch) {
        int bsz = batch.length;
        double[][] xs = new double[bsz][], chis = new double[bsz][], hs = new double[bsz][];
        double[] fs = new double[bsz * dr], ys = p.train().gatherY(batch, 0, bsz);
        for (int b = 0; b < bsz; b++) {
            xs[b] = g(Split.TRAIN, batch[b]);
            double[] f = output(Split.TRAIN, batch[b]);
            System.arraycopy(f, 0, fs, b * dr, dr);
            chis[b] = new double[dr];
            model.loss().chi(f, 0, ys, b * dr, dr, bsz, chis[b], 0);
            for (double v : chis[b]) if (!Double.isFinite(v)) throw new DivergedException("outputs are no longer finite");
            hs[b] = new double[d];
            net.jacobianTransposeTimes(xs[b], 0, chis[b], 0, 1, hs[b], 0, Workers.sequential());
            for (int h = 0; h < hx.size(); h++) {
                double dot = 0;
                for (int c = 0; c < dr; c++) dot += hchi.get(h)[c] * chis[b][c];
                double w = weight(srcStep.get(h));
                double[] xi = k.xi(xs[b], hx.get(h));
                for (int q = 0; q < d; q++) hs[b][q] -= mu * w * dot * xi[q];
            }
        }
        double loss = 0;
        for (int b = 0; b < bsz; b++) {
            loss += model.loss().value(fs, b * dr, ys, b * dr, dr) / bsz;
            hx.add(xs[b]);
            hchi.add(chis[b]);
            srcIndex.add(batch[b]);
            srcStep.add(t);
            srcH.add(hs[b]);
        }
        lastBatchLoss = loss;
        t++;
    }

    @Override
    public Loss loss() {
        return model.loss();
    }

    @Override
    public double[] outputs(Split split) {
        int n = p.split(split).size();
        double[] out = new double[n * dr];
        for (int i = 0; i < n; i++) System.arraycopy(output(split, i), 0, out, i * dr, dr);
        return out;
    }

    @Override
    public double[] outputs(Split split, int[] rows) {
        double[] out = new double[rows.length * dr];
        for (int i = 0; i < rows.length; i++) System.arraycopy(output(split, rows[i]), 0, out, i * dr, dr);
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

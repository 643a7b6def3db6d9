package org.wideneck.core.dynamics;

import org.wideneck.core.parallel.Grains;
import java.util.ArrayList;
import java.util.List;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.linalg.PanelGemm;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.parallel.Workers;

/**
 * SGD in function space on an infinitely wide network with a bottleneck of finite width d (SPEC §4;
 * paper eqs 42–44 with the eq 44 erratum fixed). Step s, from state s:
 * <pre>
 *   x_b = g_s(ξ_b),   F_b = f_s(x_b),   χ_b = (F_b − y_b)/B,   h_b = J_s(x_b)ᵀ χ_b
 *   f_t(x)     = f_0(x) − μ Σ_{h∈H} K(x, x_h) χ_h                          (eq 44, f_0 at the moved x)
 *   J_t(x)ᵀ χ  = J_0(x)ᵀ χ − μ Σ_{h∈H} (χ_h·χ) (α_h x_h + β_h x)           (eq 43, Ξ = α·y + β·x)
 *   g_{s+1}(ξ) = g_s(ξ) − μ Σ_b Θ(ξ, ξ_b) h_b                               (eq 42)
 * </pre>
 * The embeddings g of the training points follow eq 42 through {@link PointStates}: each step's update
 * sources are recorded and applied to all training points once per deferral period
 * (⌊{@link org.wideneck.core.parallel.Grains#SOURCE_BLOCK}/B⌋ steps), the batch points of a step getting
 * the pending part directly (the same sum as g_0 − μ Σ_j Θ(ξ, ξ_j) A_j, in another rounding order); the
 * test points' updates are applied at evaluations. History sums are matrix products over chunks.
 */
public final class BottleneckSimulator implements Distributable {

    private final Problem problem;
    private final InitialNetwork net;
    private final int d;
    private final int dr;
    private final int d0;
    private final int n;
    private final double mu;
    private final PointStates g;
    private final History history;
    private final List<double[]> alphaChunks = new ArrayList<>();
    private final List<double[]> betaChunks = new ArrayList<>();
    /** Each history chunk's B×chunk work array: K(x_b, x_h) in a step's first pass, then χ_b·χ_h ∘ α in its second. */
    private final List<double[]> pairChunks = new ArrayList<>();
    /** The step's U x_b/√d (pre-activations), kept between steps like the unit-split f₀ / J₀ᵀχ work arrays of scratch. */
    private double[] preActivations = new double[0];
    private final org.wideneck.core.parallel.ArrayPool scratch = new org.wideneck.core.parallel.ArrayPool();
    private final StepParts parts = new StepParts();
    private final KernelPath path;
    private final Workers workers;
    private long flops;
    private double lastBatchLoss = Double.NaN;

    /** Starts from g_0, f_0, J_0 of {@code net} at the problem's points (SPEC §3). */
    public BottleneckSimulator(Problem problem, InitialNetwork net, double learningRate) {
        this(problem, net, learningRate, null, null, KernelPath.best(), Workers.sequential());
    }

    /** As above with a chosen kernel path (tests compare the SIMD path with the scalar reference). */
    public BottleneckSimulator(Problem problem, InitialNetwork net, double learningRate, KernelPath path) {
        this(problem, net, learningRate, null, null, path, Workers.sequential());
    }

    /** As above with the run's threads (results do not depend on their number). */
    public BottleneckSimulator(Problem problem, InitialNetwork net, double learningRate, Workers workers) {
        this(problem, net, learningRate, null, null, KernelPath.best(), workers);
    }

    /**
     * Starts from given embeddings instead of g_0 (benchmarks: skips the g_0 pass; the state is then not
     * the initial state of SPEC §3).
     */
    public static BottleneckSimulator forBenchmark(Problem problem, InitialNetwork net, double learningRate,
                                                   double[] gTrain, double[] gTest, Workers workers) {
        return new BottleneckSimulator(problem, net, learningRate, gTrain, gTest, KernelPath.best(), workers);
    }

    private BottleneckSimulator(Problem problem, InitialNetwork net, double learningRate, double[] g0Train, double[] g0Test,
                                KernelPath path, Workers workers) {
        this(problem, net, initialStates(problem, net, learningRate, g0Train, g0Test, path, workers),
                new History(net.weights().d(), problem.dr()), learningRate, path, workers);
        Dataset tr = problem.train(), te = problem.test();
        if (g0Train == null) this.flops += 2L * (tr.size() + te.size()) * n * (d0 + d);
    }

    /**
     * A simulation whose training points get g_0 when first read (a run lazy from its first step, see
     * {@link LocalTrainPoints}); g_0 of the test points is computed here. Same trajectory as the plain
     * constructor's to rounding (the set-up products are grouped by the points read together).
     */
    public static BottleneckSimulator withLazyInitialState(Problem problem, InitialNetwork net, double learningRate, Workers workers) {
        checkShapes(problem, net);
        Dataset te = problem.test();
        double[] g0Test = net.g0(te.x(), te.size(), workers);
        PointStates g = PointStates.withLazyInitialState(problem, initialEmbeddings(net, workers), g0Test, net.weights().d(),
                learningRate, false, KernelPath.best(), workers);
        BottleneckSimulator sim = new BottleneckSimulator(problem, net, g, new History(net.weights().d(), problem.dr()), learningRate,
                KernelPath.best(), workers);
        sim.flops += 2L * te.size() * sim.n * (sim.d0 + sim.d);
        return sim;
    }

    /** g_0 at given inputs, for the training points computed when first read. */
    private static InitialStates initialEmbeddings(InitialNetwork net, Workers workers) {
        NetworkWeights w = net.weights();
        org.wideneck.core.parallel.ArrayPool scratch = new org.wideneck.core.parallel.ArrayPool();
        return new InitialStates() {
            @Override
            public double[] at(double[] xi, int rows) {
                return net.g0ByUnits(xi, rows, workers, Grains.BIRTH_ROWS, scratch);
            }

            @Override
            public long flops(long rows) {
                return 2L * rows * w.n() * (w.d0() + w.d());
            }
        };
    }

    private static void checkShapes(Problem problem, InitialNetwork net) {
        if (net.weights().d0() != problem.d0() || net.weights().dr() != problem.dr()) {
            throw new IllegalArgumentException("weights are " + net.weights().d0() + "→" + net.weights().dr()
                    + " but the data is " + problem.d0() + "→" + problem.dr());
        }
    }

    /** The points' states at g_0 (computed here unless given), after checking the weights fit the data. */
    private static PointStates initialStates(Problem problem, InitialNetwork net, double mu, double[] g0Train, double[] g0Test,
                                             KernelPath path, Workers workers) {
        checkShapes(problem, net);
        Dataset tr = problem.train(), te = problem.test();
        if (g0Train == null) {
            g0Train = net.g0(tr.x(), tr.size(), workers);
            g0Test = net.g0(te.x(), te.size(), workers);
        }
        return new PointStates(problem, g0Train, g0Test, net.weights().d(), mu, false, path, workers);
    }

    /** A simulation from given point states and history (the initial state, or one restored from a checkpoint). */
    private BottleneckSimulator(Problem problem, InitialNetwork net, PointStates g, History history, double learningRate,
                                KernelPath path, Workers workers) {
        this.path = path;
        this.workers = workers;
        this.problem = problem;
        this.net = net;
        this.d = net.weights().d();
        this.dr = problem.dr();
        this.d0 = problem.d0();
        this.n = net.weights().n();
        this.mu = learningRate;
        this.g = g;
        this.history = history;
    }

    @Override
    public void saveState(org.wideneck.core.checkpoint.StateOutput out, double[] testState) throws java.io.IOException {
        out.tag("bottleneck");
        out.writeInt(d);
        out.writeInt(n);
        out.writeDouble(lastBatchLoss);
        g.save(out, testState);
        history.save(out);
    }

    /**
     * The simulation a checkpoint holds (see {@link #saveState}), continuing with the initial network
     * {@code net} of its plan; no set-up pass is repeated.
     */
    public static BottleneckSimulator restore(org.wideneck.core.checkpoint.StateInput in, Problem problem, InitialNetwork net,
                                              double learningRate, Workers workers) throws java.io.IOException {
        in.expect("bottleneck");
        int d = net.weights().d();
        in.readInt("bottleneck width", d, d);
        in.readInt("hidden width", net.weights().n(), net.weights().n());
        double last = in.readDouble();
        KernelPath path = KernelPath.best();
        PointStates g = PointStates.restore(in, problem, d, learningRate, false, path, workers, initialEmbeddings(net, workers));
        History h = History.restore(in, d, problem.dr());
        BottleneckSimulator sim = new BottleneckSimulator(problem, net, g, h, learningRate, path, workers);
        sim.lastBatchLoss = last;
        return sim;
    }

    public int historySize() {
        return history.size();
    }

    /** The current embeddings g_t of the split (a copy), N×d. */
    public double[] embeddings(Split split) {
        return (split == Split.TRAIN ? g.train() : g.test()).clone();
    }

    @Override
    public long matrixFlops() {
        return flops + g.flops();
    }

    /** Time spent per part so far. */
    @Override
    public java.util.Map<String, Double> stepSeconds() {
        return parts.stepSeconds();
    }

    public StepParts parts() {
        return parts;
    }

    /**
     * Appends pairs to the history as if earlier steps had made them (benchmarks only: the state is then
     * no longer an SGD trajectory).
     */
    public void appendHistoryForBenchmark(double[] x, double[] chi, int rows) {
        history.append(x, 0, chi, 0, rows);
    }

    @Override
    public double lastBatchLoss() {
        return lastBatchLoss;
    }

    @Override
    public void step(int[] batch) {
        long t = System.nanoTime();
        int bsz = batch.length;
        double[] srcNorm = g.norms(batch);
        double[] xB = g.atBatch(batch, srcNorm);
        t = parts.lap(StepParts.Part.G_UPDATE, t);
        double[] chiB = new double[bsz * dr];
        double[] hB = new double[bsz * d];
        int hs = history.size();
        int bb = (int) Math.max(1, Math.min(Math.min(bsz, Grains.MAX_BATCH_BLOCK), Grains.COEFF_BUDGET / Math.max(1, hs)));
        t = parts.lap(StepParts.Part.BOOKKEEPING, t);
        for (int b0 = 0; b0 < bsz; b0 += bb) {
            int nb = Math.min(bb, bsz - b0);
            stepBlock(batch, bsz, xB, chiB, hB, b0, nb);
        }
        t = System.nanoTime();
        for (double v : chiB) {
            if (!Double.isFinite(v)) throw new DivergedException("outputs are no longer finite");
        }
        // an embedding or bottleneck gradient that overflowed makes the kernels degenerate (F = 0 exactly) rather than NaN
        for (double v : xB) {
            if (!Double.isFinite(v)) throw new DivergedException("bottleneck embeddings are no longer finite");
        }
        for (double v : hB) {
            if (!Double.isFinite(v)) throw new DivergedException("bottleneck gradients are no longer finite");
        }
        lastBatchLoss = Simulation.batchLoss(chiB, bsz);
        history.append(xB, 0, chiB, 0, bsz);
        t = parts.lap(StepParts.Part.BOOKKEEPING, t);
        g.record(batch, srcNorm, hB);
        parts.lap(StepParts.Part.G_UPDATE, t);
    }

    /** Steps between two applications of the deferred training updates, for batches of B points. */
    public static int trainFlushPeriod(int batch) {
        return Math.max(1, Grains.SOURCE_BLOCK / batch);
    }

    /** χ_b and h_b for batch rows [b0, b0 + nb), from the state before this step. Modifies chiB, hB. */
    private void stepBlock(int[] batch, int bsz, double[] xB, double[] chiB, double[] hB, int b0, int nb) {
        Dataset tr = problem.train();
        long t = System.nanoTime();
        double[] xNorm = Gemm.rowSquaredNorms(java.util.Arrays.copyOfRange(xB, b0 * d, (b0 + nb) * d), nb, d);
        // F_b = f_0(x_b) − μ Σ_h K(x_b, x_h) χ_h; keep α, β of every pair for the Jacobian term.
        if (!net.zeroOutput() && preActivations.length < nb * n) preActivations = new double[nb * n];
        double[] pre = net.zeroOutput() ? null : preActivations; // U x_b/√d, whose signs J_0 needs too
        net.f0(xB, b0 * d, nb, chiB, b0 * dr, workers, pre, scratch);
        flops += net.zeroOutput() ? 0 : 2L * nb * n * (d + dr);
        t = parts.lap(StepParts.Part.INITIAL_NET, t);
        int chunks = history.chunks();
        for (int c = 0; c < chunks; c++) {
            coeff(alphaChunks, c, nb);
            coeff(betaChunks, c, nb);
            coeff(pairChunks, c, nb);
        }
        double[][] partF = new double[chunks][nb * dr];
        workers.forRanges(chunks, 1, (c, unused) -> {
            int hc = history.rows(c);
            double[] kb = pairChunks.get(c);
            double[] al = alphaChunks.get(c), be = betaChunks.get(c);
            double[] panels = history.panels(c);
            if (panels != null) PanelGemm.abt(nb, hc, d, xB, b0 * d, panels, kb, 0);
            else Gemm.abt(nb, hc, d, 1.0, xB, b0 * d, history.x(c), 0, 0.0, kb, 0);
            path.ntkAndXi(kb, al, be, nb, hc, xNorm, 0, history.norms(c), 0, d);
            Gemm.ab(nb, dr, hc, -mu, kb, 0, history.chi(c), 0, 0.0, partF[c], 0);
        });
        for (int c = 0; c < chunks; c++) {
            for (int i = 0; i < nb * dr; i++) chiB[b0 * dr + i] += partF[c][i];
            flops += 2L * nb * history.rows(c) * (d + dr);
        }
        for (int i = 0; i < nb; i++) {
            int idx = batch[b0 + i];
            for (int k = 0; k < dr; k++) {
                int p = (b0 + i) * dr + k;
                chiB[p] = (chiB[p] - tr.y()[idx * dr + k]) / bsz;
            }
        }
        t = parts.lap(StepParts.Part.HISTORY, t);
        // h_b = J_0(x_b)ᵀχ_b − μ Σ_h (χ_h·χ_b)(α_bh x_h + β_bh x_b)
        net.jacobianTransposeTimes(xB, b0 * d, chiB, b0 * dr, nb, hB, b0 * d, workers, pre, scratch);
        flops += net.zeroOutput() ? 0 : 2L * nb * n * (dr + d);
        t = parts.lap(StepParts.Part.INITIAL_NET, t);
        double[][] partH = new double[chunks][nb * d];
        double[][] partQ = new double[chunks][nb];
        workers.forRanges(chunks, 1, (c, unused) -> {
            int hc = history.rows(c);
            double[] w = pairChunks.get(c); // K of the first pass is used up
            double[] al = alphaChunks.get(c), be = betaChunks.get(c);
            Gemm.abt(nb, hc, dr, 1.0, chiB, b0 * dr, history.chi(c), 0, 0.0, w, 0);
            for (int i = 0; i < nb; i++) {
                double qi = 0;
                int o = i * hc;
                for (int j = 0; j < hc; j++) {
                    qi += w[o + j] * be[o + j];
                    w[o + j] *= al[o + j];
                }
                partQ[c][i] = qi;
            }
            Gemm.ab(nb, d, hc, -mu, w, 0, history.x(c), 0, 0.0, partH[c], 0);
        });
        double[] q = new double[nb];
        for (int c = 0; c < chunks; c++) {
            for (int i = 0; i < nb * d; i++) hB[b0 * d + i] += partH[c][i];
            for (int i = 0; i < nb; i++) q[i] += partQ[c][i];
            flops += 2L * nb * history.rows(c) * (d + dr);
        }
        for (int i = 0; i < nb; i++) {
            double f = -mu * q[i];
            int o = (b0 + i) * d;
            for (int k = 0; k < d; k++) hB[o + k] += f * xB[o + k];
        }
        parts.lap(StepParts.Part.HISTORY, t);
    }

    private static double[] coeff(List<double[]> chunks, int c, int nb) {
        while (chunks.size() <= c) chunks.add(null);
        double[] a = chunks.get(c);
        if (a == null || a.length < nb * Grains.HISTORY_CHUNK) {
            a = new double[nb * Grains.HISTORY_CHUNK];
            chunks.set(c, a);
        }
        return a;
    }

    @Override
    public double[] outputs(Split split) {
        long t = System.nanoTime();
        double[] state = split == Split.TRAIN ? g.train() : g.test();
        double[] out = outputsAt(state, problem.split(split).size());
        parts.lap(StepParts.Part.EVALUATION, t);
        return out;
    }

    @Override
    public double[] outputs(Split split, int[] rows, int outDim) {
        if (split == Split.TEST) return Distributable.super.outputs(split, rows, outDim);
        long t = System.nanoTime();
        double[] x = trainState(rows);
        double[] out = outputsAt(x, rows.length);
        parts.lap(StepParts.Part.EVALUATION, t);
        return out;
    }

    @Override
    public StateModel stateModel() {
        return new StateModel(false, d, mu, path, net);
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public void recordTrajectory() {
        g.recordTestUpdates();
    }

    @Override
    public Trajectory trajectory() {
        return new Trajectory(false, d, mu, path, g.testUpdateGroups(), history);
    }

    @Override
    public double[] detachTest() {
        return g.detachTest();
    }

    @Override
    public UpdateSources drainTestUpdates() {
        return g.drainTestUpdates();
    }

    @Override
    public void moveTrain(java.util.function.Function<double[], TrainPoints> where) {
        g.moveTrain(where);
    }

    @Override
    public void lookahead(java.util.function.IntFunction<int[][]> peek) {
        g.lookahead(peek);
    }

    @Override
    public void lazyTrainUpdates(boolean lazy) {
        g.setLazyTrainUpdates(lazy);
    }

    @Override
    public double[] trainState(int[] rows) {
        return g.trainRows(rows);
    }

    @Override
    public double[] embeddings(int[] rows) {
        return trainState(rows);
    }

    /** F_t = f_t(x) at rows embeddings x (rows×d), see {@link OutputFunction}. */
    public double[] outputsAt(double[] x, int rows) {
        double[] out = OutputFunction.at(net, history, mu, x, rows, path, workers);
        flops += OutputFunction.flops(net, history.size(), rows);
        return out;
    }
}

package org.wideneck.core.dynamics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.FKernel;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.linalg.Gemm;
import org.wideneck.core.linalg.PanelGemm;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.ArrayPool;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;
import org.wideneck.core.linalg.Rows;

/**
 * SGD in function space on an infinitely wide network with a bottleneck of finite width d (SPEC §4; paper eqs 42–44
 * with the eq 44 erratum fixed; §8 for the model family). Step s, from state s:
 * <pre>
 *   x_b = g_s(ξ_b),   F_b = f_s(x_b),   χ_b = ∂ℓ(F_b, y_b)/∂F_b / B,   h_b = J_s(x_b)ᵀ χ_b
 *   f_t(x)     = f_0(x) − μ Σ_{h∈H} c(t − s_h)·K(x, x_h) χ_h                          (eq 44, f_0 at the moved x)
 *   J_t(x)ᵀ χ  = J_0(x)ᵀ χ − μ Σ_{h∈H} c(t − s_h)·(χ_h·χ) (α_h x_h + β_h x)           (eq 43, Ξ = α·y + β·x)
 *   g_{s+1}(ξ) = g_s(ξ) − μ Σ_b Θ(ξ, ξ_b) h_b                                          (eq 42; with momentum §8.4)
 * </pre>
 * (c ≡ 1 without momentum). The embeddings g of the training points follow eq 42 through {@link PointStates}: each
 * step's update sources are recorded and applied to all training points once per deferral period
 * ({@link #trainFlushPeriod}), the batch points of a step getting the pending part directly (the same sum as
 * g_0 − μ Σ_j Θ(ξ, ξ_j) A_j, in another rounding order); the test points' updates are applied at evaluations.
 * History sums are matrix products over chunks.
 */
public final class BottleneckSimulator extends FunctionSpaceSimulation implements EmbeddingView {
    private final Model model;
    private final InitialNetwork net;
    private final FKernel kernel;
    private final int d;
    private final int dr;
    private final int n;
    private final double mu;
    private final History history;
    /** Each history chunk's χ as the current step weighs it, with momentum; kept between steps so no step allocates them. */
    private final List<double[]> weightedChunks = new ArrayList<>();
    private final List<double[]> alphaChunks = new ArrayList<>();
    private final List<double[]> betaChunks = new ArrayList<>();
    /** Each history chunk's B×chunk work array: K(x_b, x_h) in a step's first pass, then χ_b·χ_h ∘ α in its second. */
    private final List<double[]> pairChunks = new ArrayList<>();
    /** The step's U x_b/√d (pre-activations), kept between steps like the unit-split f₀ / J₀ᵀχ work arrays of scratch. */
    private double[] preActivations = new double[0];
    private final ArrayPool scratch = new ArrayPool();
    private long flops;

    /**
     * Starts from g_0, f_0, J_0 of {@code net} at the problem's points (SPEC §3).
     *
     * @param model the network (its width is net's d, its activation net's φ)
     */
    public BottleneckSimulator(Problem problem, Model model, InitialNetwork net, double learningRate, KernelPath path, Workers workers) {
        this(problem, model, net, learningRate, path, workers, states(problem, model, net, learningRate, path, workers, null, null),
                new History(net.weights().d(), problem.dr()));
        flops += net.g0Flops(problem.train().size() + (long) problem.test().size());
    }

    /** The paper's loss and no momentum, with the network's own width, φ and depth, sequential, fastest kernel path. */
    public BottleneckSimulator(Problem problem, InitialNetwork net, double learningRate) {
        this(problem, modelOf(net), net, learningRate, KernelPath.best(), Workers.sequential());
    }

    /** As above on the given kernel path (tests compare the SIMD path with the scalar reference). */
    public BottleneckSimulator(Problem problem, InitialNetwork net, double learningRate, KernelPath path) {
        this(problem, modelOf(net), net, learningRate, path, Workers.sequential());
    }

    /** Squared loss without momentum, of the network's width, φ and depth. */
    public static Model modelOf(InitialNetwork net) {
        NetworkWeights w = net.weights();
        return new Model(w.d(), net.activation(), w.gDepth(), Loss.MSE, Momentum.NONE);
    }

    /**
     * A simulation standing at a given state: the embeddings (train, test: N×d each, held as given) and the history
     * after steps steps (a checkpoint's content; the benchmark's synthetic states), standing at the step after the
     * history's last row. Not the initial state of SPEC §3
     * unless the arrays are g_0 and the history is empty.
     */
    public static BottleneckSimulator fromState(Problem problem, Model model, InitialNetwork net, double learningRate, Workers workers,
                                                double[] gTrain, double[] gTest, History history) {
        checkShapes(problem, net);
        PointStates g = states(problem, model, net, learningRate, KernelPath.best(), workers, gTrain, gTest);
        g.standAfter(stepsDone(history));
        return new BottleneckSimulator(problem, model, net, learningRate, KernelPath.best(), workers, g, history);
    }

    /** The steps a history records: one past its last row's step (0 when empty); its steps must be ≥ 0 and in order. */
    private static int stepsDone(History history) {
        int last = -1;
        for (int c = 0; c < history.chunks(); c++) {
            int[] st = history.steps(c);
            for (int r = 0; r < history.rows(c); r++) {
                if (st[r] < 0 || st[r] < last) throw new IllegalArgumentException("history step " + st[r] + " after step " + last);
                last = st[r];
            }
        }
        return last + 1;
    }

    /**
     * A simulation whose training points get g_0 when first read (a run lazy from its first step, see
     * {@link LocalTrainPoints}); g_0 of the test points is computed here. Same trajectory as the plain constructor's
     * to rounding (the set-up products are grouped by the points read together).
     */
    public static BottleneckSimulator withLazyInitialState(Problem problem, Model model, InitialNetwork net, double learningRate,
                                                           Workers workers) {
        checkShapes(problem, net);
        Dataset te = problem.test();
        double[] g0Test = net.g0(te.x(), te.size(), workers);
        KernelPath path = KernelPath.best();
        PointStates g = PointStates.withLazyInitialState(problem, initialEmbeddings(net, workers), g0Test, rule(model, net, learningRate, path),
                workers);
        BottleneckSimulator sim = new BottleneckSimulator(problem, model, net, learningRate, path, workers, g,
                new History(net.weights().d(), problem.dr()));
        sim.flops += net.g0Flops(te.size());
        return sim;
    }

    private static StateUpdate rule(Model model, InitialNetwork net, double mu, KernelPath path) {
        return new StateUpdate(model.inputKernel(path), net.weights().d(), mu, model.momentum());
    }

    /** g_0 at given inputs, for the training points computed when first read. */
    private static InitialStates initialEmbeddings(InitialNetwork net, Workers workers) {
        ArrayPool scratch = new ArrayPool();
        return new InitialStates() {
            @Override
            public double[] at(double[] xi, int rows) {
                return net.g0ByUnits(xi, rows, workers, Grains.BIRTH_ROWS, scratch);
            }

            @Override
            public long flops(long rows) {
                return net.g0Flops(rows);
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
    private static PointStates states(Problem problem, Model model, InitialNetwork net, double mu, KernelPath path, Workers workers,
                                      double[] gTrain, double[] gTest) {
        checkShapes(problem, net);
        Dataset tr = problem.train(), te = problem.test();
        if (gTrain == null) {
            gTrain = net.g0(tr.x(), tr.size(), workers);
            gTest = net.g0(te.x(), te.size(), workers);
        }
        return new PointStates(problem, gTrain, gTest, rule(model, net, mu, path), workers);
    }

    private BottleneckSimulator(Problem problem, Model model, InitialNetwork net, double learningRate, KernelPath path, Workers workers,
                                PointStates g, History history) {
        super(problem, model.loss(), g, workers);
        if (model.width() != net.weights().d()) {
            throw new IllegalArgumentException("the model's bottleneck is " + model.widthLabel() + " but the network's is " + net.weights().d());
        }
        this.model = model;
        this.net = net;
        this.kernel = model.outputKernel(path);
        this.d = net.weights().d();
        this.dr = problem.dr();
        this.n = net.weights().n();
        this.mu = learningRate;
        this.history = history;
    }

    @Override
    public void saveState(StateOutput out, double[] testState) throws IOException {
        out.tag("bottleneck");
        out.writeInt(d);
        out.writeInt(n);
        out.writeDouble(lastBatchLoss);
        states.save(out, testState);
        history.save(out);
    }

    /**
     * The simulation a checkpoint holds (see {@link #saveState}), continuing with the initial network {@code net} of
     * its plan; no set-up pass is repeated.
     */
    public static BottleneckSimulator restore(StateInput in, Problem problem, Model model, InitialNetwork net, double learningRate,
                                              Workers workers) throws IOException {
        in.expect("bottleneck");
        int d = net.weights().d();
        in.readInt("bottleneck width", d, d);
        in.readInt("hidden width", net.weights().n(), net.weights().n());
        double last = in.readDouble();
        KernelPath path = KernelPath.best();
        PointStates g = PointStates.restore(in, problem, rule(model, net, learningRate, path), workers, initialEmbeddings(net, workers));
        History h = History.restore(in, d, problem.dr());
        BottleneckSimulator sim = new BottleneckSimulator(problem, model, net, learningRate, path, workers, g, h);
        sim.lastBatchLoss = last;
        return sim;
    }

    public int historySize() {
        return history.size();
    }

    @Override
    public long matrixFlops() {
        return flops + states.flops();
    }

    @Override
    public void step(int[] batch) {
        long t = System.nanoTime();
        int bsz = batch.length, step = states.step();
        double[] srcNorm = states.norms(batch);
        double[] xB = states.atBatch(batch, srcNorm);
        t = parts.lap(StepParts.Part.G_UPDATE, t);
        double[] chiB = new double[bsz * dr];
        double[] hB = new double[bsz * d];
        int hs = history.size();
        int bb = (int) Math.max(1, Math.min(Math.min(bsz, Grains.MAX_BATCH_BLOCK), Grains.COEFF_BUDGET / Math.max(1, hs)));
        double[][] chiH = weightedChi(step);
        double[] yB = problem.train().gatherY(batch, 0, bsz);
        double[] fB = loss == Loss.MSE ? null : new double[bsz * dr];
        t = parts.lap(StepParts.Part.BOOKKEEPING, t);
        for (int b0 = 0; b0 < bsz; b0 += bb) {
            int nb = Math.min(bb, bsz - b0);
            stepBlock(bsz, xB, yB, fB, chiB, hB, chiH, b0, nb);
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
        lastBatchLoss = loss.batchMean(fB, yB, chiB, bsz, dr);
        history.append(xB, 0, chiB, 0, bsz, step);
        t = parts.lap(StepParts.Part.BOOKKEEPING, t);
        states.record(batch, srcNorm, hB);
        parts.lap(StepParts.Part.G_UPDATE, t);
    }

    /** Steps between two applications of the deferred training updates, for batches of B points. */
    public static int trainFlushPeriod(int batch) {
        return Math.max(1, Grains.SOURCE_BLOCK / batch);
    }

    /**
     * Each history chunk's χ as step t weighs it (SPEC §8.4): the chunks' own arrays without momentum, else the kept
     * buffers, filled a chunk a task (elementwise, so the same bits on any number of threads).
     */
    private double[][] weightedChi(int t) {
        int chunks = history.chunks();
        double[][] out = new double[chunks][];
        Momentum m = model.momentum();
        if (!m.active()) {
            for (int c = 0; c < chunks; c++) out[c] = history.chi(c);
            return out;
        }
        while (weightedChunks.size() < chunks) weightedChunks.add(new double[Grains.HISTORY_CHUNK * dr]);
        for (int c = 0; c < chunks; c++) out[c] = weightedChunks.get(c);
        workers.forRanges(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) history.weightChi(c, t, m, out[c]);
        });
        return out;
    }

    /**
     * χ_b and h_b for batch rows [b0, b0 + nb), from the state before this step; chiH holds each history chunk's χ
     * as this step weighs it. Modifies chiB, hB, and fB (the outputs, kept for the batch loss) unless it is null.
     */
    private void stepBlock(int bsz, double[] xB, double[] yB, double[] fB, double[] chiB, double[] hB, double[][] chiH, int b0, int nb) {
        long t = System.nanoTime();
        double[] xNorm = Gemm.rowSquaredNorms(Arrays.copyOfRange(xB, b0 * d, (b0 + nb) * d), nb, d);
        // F_b = f_0(x_b) − μ Σ_h K(x_b, x_h) χ_h; keep α, β of every pair for the Jacobian term.
        if (!net.zeroOutput() && preActivations.length < nb * n) preActivations = new double[nb * n];
        double[] pre = net.zeroOutput() ? null : preActivations; // U x_b/√d, whose φ' J_0 needs too
        net.f0(xB, b0 * d, nb, chiB, b0 * dr, workers, pre, scratch);
        flops += net.zeroOutput() ? 0 : 2L * nb * n * (d + dr);
        t = parts.lap(StepParts.Part.INITIAL_NET, t);
        int chunks = chiH.length;
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
            kernel.withXi(kb, al, be, nb, hc, xNorm, 0, history.norms(c), 0, d);
            Gemm.ab(nb, dr, hc, -mu, kb, 0, chiH[c], 0, 0.0, partF[c], 0);
        });
        for (int c = 0; c < chunks; c++) {
            for (int i = 0; i < nb * dr; i++) chiB[b0 * dr + i] += partF[c][i];
            flops += 2L * nb * history.rows(c) * (d + dr);
        }
        if (fB != null) System.arraycopy(chiB, b0 * dr, fB, b0 * dr, nb * dr);
        for (int i = 0; i < nb; i++) loss.chi(chiB, (b0 + i) * dr, yB, (b0 + i) * dr, dr, bsz, chiB, (b0 + i) * dr);
        t = parts.lap(StepParts.Part.HISTORY, t);
        // h_b = J_0(x_b)ᵀχ_b − μ Σ_h c(t − s_h)(χ_h·χ_b)(α_bh x_h + β_bh x_b)
        net.jacobianTransposeTimes(xB, b0 * d, chiB, b0 * dr, nb, hB, b0 * d, workers, pre, scratch);
        flops += net.zeroOutput() ? 0 : 2L * nb * n * (dr + d);
        t = parts.lap(StepParts.Part.INITIAL_NET, t);
        double[][] partH = new double[chunks][nb * d];
        double[][] partQ = new double[chunks][nb];
        workers.forRanges(chunks, 1, (c, unused) -> {
            int hc = history.rows(c);
            double[] w = pairChunks.get(c); // K of the first pass is used up
            double[] al = alphaChunks.get(c), be = betaChunks.get(c);
            Gemm.abt(nb, hc, dr, 1.0, chiB, b0 * dr, chiH[c], 0, 0.0, w, 0);
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
        double[] state = split == Split.TRAIN ? states.train() : states.test();
        double[] out = outputsAt(state, problem.split(split).size());
        parts.lap(StepParts.Part.EVALUATION, t);
        return out;
    }

    @Override
    public double[] outputs(Split split, int[] rows) {
        if (split == Split.TEST) return Rows.gather(outputs(split), dr, rows);
        long t = System.nanoTime();
        double[] out = outputsAt(states.trainRows(rows), rows.length);
        parts.lap(StepParts.Part.EVALUATION, t);
        return out;
    }

    /** The current embeddings g_t of the split (a copy), N×d. */
    public double[] embeddings(Split split) {
        return (split == Split.TRAIN ? states.train() : states.test()).clone();
    }

    @Override
    public double[] embeddings(int[] rows) {
        return states.trainRows(rows);
    }

    private OutputFunction outputFunction() {
        return new OutputFunction(net, kernel, mu, model.momentum());
    }

    @Override
    public StateModel stateModel() {
        return new StateModel(states.rule(), outputFunction());
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public Trajectory trajectory() {
        return new Trajectory(stateModel(), states.testUpdateGroups(), history, states.step());
    }

    /** F_t = f_t(x) at rows embeddings x (rows×d), see {@link OutputFunction}. */
    public double[] outputsAt(double[] x, int rows) {
        OutputFunction f = outputFunction();
        double[] out = f.at(history, states.step(), x, rows, workers);
        flops += f.flops(history.size(), rows);
        return out;
    }
}

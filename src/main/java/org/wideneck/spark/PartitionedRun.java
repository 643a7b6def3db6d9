package org.wideneck.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.dynamics.Distributable;
import org.wideneck.core.data.Evaluation;
import org.wideneck.core.dynamics.History;
import org.wideneck.core.dynamics.HistoryChunk;
import org.wideneck.core.data.LossSums;
import org.wideneck.core.dynamics.PointBlock;
import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.Simulation;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.Checkpointable;
import org.wideneck.core.dynamics.DeferredUpdates;
import org.wideneck.core.dynamics.EmbeddingView;
import org.wideneck.core.dynamics.HistoryView;
import org.wideneck.core.dynamics.StateModel;
import org.wideneck.core.dynamics.Timed;
import org.wideneck.core.dynamics.Trajectory;
import org.wideneck.core.dynamics.TrajectoryRecorder;
import org.wideneck.core.dynamics.UpdateSources;
import org.wideneck.core.model.Loss;
import org.wideneck.core.parallel.Workers;

/**
 * One run whose steps the driver advances and whose evaluations run on the executors
 * ({@code spark.mode = partitioned}). The test points live in a cached RDD of {@link PointBlock}s that
 * carry their state (g, or F for `inf`); at each evaluation the driver broadcasts only what is new — the
 * update sources of the steps since the last evaluation and the history chunks completed since then
 * (earlier chunks stay with the executors; the driver holds every handle until the run ends) — and a
 * new RDD of advanced blocks replaces the old one. Executors compute F_t of their blocks and partial
 * loss sums, combined with {@code treeAggregate}; the sums are kept per fixed slot of points
 * ({@link LossSums}), so the result is bitwise the core's whatever the partitioning and task order.
 * The training points' state is kept by the driver's step and broadcast at each evaluation. Lineage is
 * cut every {@link #CHECKPOINT_EVERY} evaluations — a reliable checkpoint when the context has a checkpoint
 * directory, otherwise the blocks' state is collected to the driver and the RDD rooted in it again, so a
 * lost executor's blocks are recomputed from what the driver holds — and the update broadcasts the cut
 * lineage used are then destroyed.
 */
public final class PartitionedRun implements Simulation, Checkpointable, TrajectoryRecorder, EmbeddingView, DeferredUpdates, Timed,
        AutoCloseable {
    static final int CHECKPOINT_EVERY = 5;
    private final JavaSparkContext sc;
    private final Broadcast<Problem> data;
    private final Distributable sim;
    private final Problem problem;
    private final Broadcast<StateModel> model;
    private final List<Broadcast<List<HistoryChunk>>> historyParts = new ArrayList<>();
    private final List<AdvanceBlock> advances = new ArrayList<>();
    private final Map<int[], JavaRDD<PointBlock>> trainBlocks = new IdentityHashMap<>();
    private int chunksShipped;
    private JavaRDD<PointBlock> test;
    private int evaluations;
    private long remoteFlops;
    private int[] trainAll;
    private RemoteTrainPoints remoteTrain;

    /** @param trainBlocks keep the training points' state in RDD blocks too ({@link RemoteTrainPoints}) */
    public PartitionedRun(JavaSparkContext sc, Broadcast<Problem> data, Distributable sim, Problem problem, boolean trainBlocks) {
        this.sc = sc;
        this.data = data;
        this.sim = sim;
        this.problem = problem;
        this.model = sc.broadcast(sim.stateModel());
        this.test = rooted(sim.detachTest());
        if (trainBlocks) {
            sim.moveTrain(state -> {
                remoteTrain = new RemoteTrainPoints(sc, data, model, problem, state);
                return remoteTrain;
            });
        }
    }

    @Override
    public void lookahead(java.util.function.IntFunction<int[][]> peek) {
        sim.lookahead(peek);
    }

    @Override
    public void lazyTrainUpdates(boolean lazy) {
        sim.lazyTrainUpdates(lazy);
    }

    @Override
    public void recordTrajectory() {
        sim.recordTrajectory();
    }

    /** The driver's step parts (wall time on the driver, so waits on the executors' blocks count in g_update). */
    @Override
    public java.util.Map<String, Double> stepSeconds() {
        return sim.stepSeconds();
    }

    /** The simulator's trajectory: the test updates it drained for the executors' blocks, grouped as they were applied. */
    @Override
    public Trajectory trajectory() {
        return sim.trajectory();
    }

    /** Spark jobs run for the training points' blocks (0 without them). */
    public long trainJobs() {
        return remoteTrain == null ? 0 : remoteTrain.jobs();
    }

    /** The test points as a cached RDD of blocks cut from the driver's data and the given state. */
    private JavaRDD<PointBlock> rooted(double[] state) {
        List<PointBlock> blocks = PointBlock.cut(problem.test(), null, state, sim.stateModel().stride());
        return sc.parallelize(blocks, Math.max(1, blocks.size())).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** The state of every test point in the blocks, collected to the driver (N_test×width). */
    private double[] testState(JavaRDD<PointBlock> blocks) {
        int width = sim.stateModel().stride();
        double[] state = new double[problem.test().size() * width];
        for (PointBlock b : blocks.map(PartitionedRun::stateOnly).collect()) {
            System.arraycopy(b.state(), 0, state, b.first() * width, b.rows() * width);
        }
        return state;
    }

    /** A block's position and state without its inputs (what collecting the state needs to move). */
    private static PointBlock stateOnly(PointBlock b) {
        return new PointBlock(b.first(), b.rows(), 0, new double[0], new double[0], 0, new double[0], null, b.width(), b.state());
    }

    @Override
    public void step(int[] batch) {
        sim.step(batch);
    }

    @Override
    public double[] embeddings(int[] rows) {
        if (!(sim instanceof EmbeddingView view)) throw new IllegalStateException("the infinite bottleneck has no embeddings");
        return view.embeddings(rows);
    }

    @Override
    public double lastBatchLoss() {
        return sim.lastBatchLoss();
    }

    @Override
    public Evaluation evaluate(Dataset subset, Split split, int[] rows) {
        if (split == Split.TEST) {
            if (rows != null) throw new IllegalArgumentException("the test split is evaluated whole");
            return evaluateTest();
        }
        if (rows == null) {
            if (trainAll == null) trainAll = java.util.stream.IntStream.range(0, subset.size()).toArray();
            rows = trainAll;
        }
        int[] r = rows;
        List<Broadcast<List<HistoryChunk>>> hist = shipHistory();
        JavaRDD<PointBlock> blocks = trainBlocks.computeIfAbsent(r, k -> {
            List<PointBlock> b = PointBlock.cut(problem.train(), k, null, sim.stateModel().stride());
            return sc.parallelize(b, Math.max(1, b.size())).persist(StorageLevel.MEMORY_AND_DISK());
        });
        Broadcast<double[]> state = sc.broadcast(sim.trainState(r));
        try {
            LossSums sums = blocks.treeAggregate(new LossSums(r.length), new AddOutputs(model, hist, state, sim.steps(), problem.dr(), sim.loss()),
                    LossSums::merge);
            remoteFlops += sums.flops();
            return sums.evaluation(subset.classification());
        } finally {
            destroyTail(hist);
            state.destroy();
        }
    }

    private Evaluation evaluateTest() {
        List<Broadcast<List<HistoryChunk>>> hist = shipHistory();
        try {
            UpdateSources sources = sim.drainTestUpdates();
            AdvanceBlock advance = new AdvanceBlock(data, model, sc.broadcast(sources));
            advances.add(advance);
            remoteFlops += sim.stateModel().update().flops(problem.test().size(), sources.count(), problem.d0());
            JavaRDD<PointBlock> next = test.map(advance).persist(StorageLevel.MEMORY_AND_DISK());
            evaluations++;
            boolean cut = evaluations % CHECKPOINT_EVERY == 0;
            boolean reliable = sc.getCheckpointDir().isPresent();
            if (cut && reliable) next.checkpoint();
            LossSums sums = next.treeAggregate(new LossSums(problem.test().size()),
                    new AddOutputs(model, hist, null, sim.steps(), problem.dr(), sim.loss()), LossSums::merge);
            test.unpersist(false);
            if (cut && !reliable) {
                // rooted again in what the driver holds: a lost executor's blocks are recomputed from it
                JavaRDD<PointBlock> rooted = rooted(testState(next));
                next.unpersist(false);
                next = rooted;
            }
            test = next;
            if (cut) {
                for (AdvanceBlock a : advances) a.release();
                advances.clear();
            }
            remoteFlops += sums.flops();
            return sums.evaluation(problem.test().classification());
        } finally {
            destroyTail(hist);
        }
    }

    /**
     * Broadcasts the history chunks completed since the last call, plus a copy of the partly filled last
     * chunk; returns the handles of the whole history in order (the last one is the tail's, destroyed after
     * the evaluation that uses it). Empty for `inf`.
     */
    private List<Broadcast<List<HistoryChunk>>> shipHistory() {
        History h = sim.history();
        List<Broadcast<List<HistoryChunk>>> all = new ArrayList<>();
        if (h == null) return all; // `inf`: outputs are the state itself
        if (h.fullChunks() > chunksShipped) {
            List<HistoryChunk> fresh = new ArrayList<>();
            for (int c = chunksShipped; c < h.fullChunks(); c++) fresh.add(h.fullChunk(c));
            historyParts.add(sc.broadcast(fresh));
            chunksShipped = h.fullChunks();
        }
        all.addAll(historyParts);
        HistoryChunk tail = h.tailCopy();
        all.add(sc.broadcast(tail == null ? List.of() : List.of(tail)));
        return all;
    }

    private static void destroyTail(List<Broadcast<List<HistoryChunk>>> hist) {
        if (!hist.isEmpty()) hist.get(hist.size() - 1).destroy();
    }

    /**
     * The driver's state with the test points' state of the executors (as of the last evaluation; the
     * updates since then are still pending on the driver), so a checkpoint taken here continues bitwise
     * in either mode.
     */
    @Override
    public void saveState(StateOutput out) throws IOException {
        sim.saveState(out, testState(test));
    }

    @Override
    public long matrixFlops() {
        return sim.matrixFlops() + remoteFlops;
    }

    @Override
    public void close() {
        if (remoteTrain != null) remoteTrain.close();
        test.unpersist(false);
        for (JavaRDD<PointBlock> b : trainBlocks.values()) b.unpersist(false);
        for (AdvanceBlock a : advances) a.release();
        for (Broadcast<List<HistoryChunk>> b : historyParts) b.destroy();
        model.destroy();
    }

    /**
     * Executor side: F_t of a block against the broadcast history, added to the partial sums. The state
     * is the block's own (test) or its rows of a broadcast array (training points).
     */
    private static final class AddOutputs implements Function2<LossSums, PointBlock, LossSums> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<StateModel> model;
        private final List<Broadcast<List<HistoryChunk>>> history;
        private final Broadcast<double[]> state;
        private final int steps;
        private final int dr;
        private final Loss loss;

        AddOutputs(Broadcast<StateModel> model, List<Broadcast<List<HistoryChunk>>> history, Broadcast<double[]> state, int steps, int dr,
                   Loss loss) {
            this.model = model;
            this.history = List.copyOf(history);
            this.state = state;
            this.steps = steps;
            this.dr = dr;
            this.loss = loss;
        }

        @Override
        public LossSums call(LossSums acc, PointBlock b) {
            FaultInjection.maybeFail();
            StateModel m = model.value();
            List<HistoryChunk> chunks = new ArrayList<>();
            for (Broadcast<List<HistoryChunk>> h : history) chunks.addAll(h.value());
            double[] s = state == null ? b.state()
                    : Arrays.copyOfRange(state.value(), b.first() * b.width(), (b.first() + b.rows()) * b.width());
            HistoryView view = HistoryChunk.view(chunks, dr);
            acc.addFlops(m.outputFlops(view.size(), b.rows()));
            return b.addTo(acc, m.outputs(view, steps, s, b.rows(), Workers.sequential()), loss);
        }
    }
}

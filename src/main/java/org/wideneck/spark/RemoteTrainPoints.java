package org.wideneck.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.wideneck.core.data.Problem;
import org.wideneck.core.dynamics.PointBlock;
import org.wideneck.core.dynamics.StateModel;
import org.wideneck.core.dynamics.TrainPoints;
import org.wideneck.core.dynamics.UpdateSources;

/**
 * The training points' state in cached RDD blocks on the executors ({@code spark.train-points = blocks},
 * partitioned mode; the blocks carry state and |ξ|², the inputs are the broadcast data's): each application of the deferred updates (once per ⌊256/B⌋
 * steps, and at evaluations) is one Spark job that advances every block by the broadcast update sources and returns the
 * state of the rows the coming period's batches draw (the batch schedule is known in advance). The driver
 * keeps only those rows, not an N×width array; a row asked for outside them (an evaluation's subset) is
 * fetched by a job of its own. Blocks advance exactly as the simulator's own array (the same fixed ranges),
 * so results are bitwise the same. Lineage is cut every {@link #CUT} applications: a reliable checkpoint
 * with a checkpoint directory, else the state is collected and the RDD rooted in it again.
 */
final class RemoteTrainPoints implements TrainPoints {
    static final int CUT = 20;
    private final JavaSparkContext sc;
    private final Broadcast<Problem> data;
    private final Broadcast<StateModel> model;
    private final Problem problem;
    private final int width;
    private final List<AdvanceBlock> live = new ArrayList<>();
    private final Map<Integer, double[]> period = new HashMap<>();
    private JavaRDD<PointBlock> blocks;
    private int applies;
    private long jobs;

    RemoteTrainPoints(JavaSparkContext sc, Broadcast<Problem> data, Broadcast<StateModel> model, Problem problem, double[] state) {
        this.sc = sc;
        this.data = data;
        this.model = model;
        this.problem = problem;
        this.width = model.value().stride();
        this.blocks = root(state);
    }

    private JavaRDD<PointBlock> root(double[] state) {
        List<PointBlock> b = PointBlock.cutTrainState(problem.train(), state, width); // inputs come from the broadcast data
        return sc.parallelize(b, Math.max(1, b.size())).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Spark jobs run so far. */
    long jobs() {
        return jobs;
    }

    @Override
    public double[] rows(int[] rows) {
        int[] missing = Arrays.stream(rows).filter(r -> !period.containsKey(r)).distinct().sorted().toArray();
        if (missing.length > 0) fetch(blocks, missing);
        double[] out = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) System.arraycopy(period.get(rows[i]), 0, out, i * width, width);
        return out;
    }

    @Override
    public long apply(UpdateSources u, int[] expected) {
        period.clear();
        if (u.count() > 0) {
            AdvanceBlock advance = new AdvanceBlock(data, model, sc.broadcast(u));
            live.add(advance);
            JavaRDD<PointBlock> next = blocks.map(advance).persist(StorageLevel.MEMORY_AND_DISK());
            applies++;
            boolean cut = applies % CUT == 0;
            boolean reliable = sc.getCheckpointDir().isPresent();
            if (cut && reliable) next.checkpoint();
            fetch(next, expected != null ? expected : new int[0]); // the job that advances the blocks
            blocks.unpersist(false);
            blocks = next;
            if (cut) {
                if (!reliable) {
                    JavaRDD<PointBlock> rooted = root(all());
                    blocks.unpersist(false);
                    blocks = rooted;
                }
                for (AdvanceBlock a : live) a.release();
                live.clear();
            }
        } else if (expected != null && expected.length > 0) {
            fetch(blocks, expected);
        }
        return model.value().update().flops(problem.train().size(), u.count(), problem.d0());
    }

    /** Fetches the state of the given rows (sorted) into the period's rows; one job (it materializes rdd). */
    private void fetch(JavaRDD<PointBlock> rdd, int[] sortedRows) {
        jobs++;
        List<RowState> got = rdd.flatMap(new SelectRows(sortedRows)).collect();
        for (RowState r : got) period.put(r.row(), r.state());
    }

    @Override
    public double[] all() {
        jobs++;
        double[] state = new double[problem.train().size() * width];
        for (RowState r : blocks.map(b -> new RowState(b.first(), b.state())).collect()) {
            System.arraycopy(r.state(), 0, state, r.row() * width, r.state().length);
        }
        return state;
    }

    @Override
    public void close() {
        blocks.unpersist(false);
        for (AdvanceBlock a : live) a.release();
        live.clear();
    }

    /** A row (or a block's first row) and its state. */
    record RowState(int row, double[] state) implements Serializable {}

    /** Executor side: the state of the wanted rows a block holds. */
    private static final class SelectRows implements org.apache.spark.api.java.function.FlatMapFunction<PointBlock, RowState> {
        private static final long serialVersionUID = 1L;
        private final int[] rows;

        SelectRows(int[] sortedRows) {
            this.rows = sortedRows;
        }

        @Override
        public java.util.Iterator<RowState> call(PointBlock b) {
            List<RowState> out = new ArrayList<>();
            int from = Arrays.binarySearch(rows, b.first());
            if (from < 0) from = -from - 1;
            int w = b.width();
            for (int i = from; i < rows.length && rows[i] < b.first() + b.rows(); i++) {
                int o = (rows[i] - b.first()) * w;
                out.add(new RowState(rows[i], Arrays.copyOfRange(b.state(), o, o + w)));
            }
            return out.iterator();
        }
    }
}

package org.wideneck.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.wideneck.core.trained.TrainedModel;
import org.wideneck.core.parallel.Grains;
import org.wideneck.core.parallel.Workers;
import scala.Tuple2;

/**
 * A trained model's outputs at many points, on the executors: the points (in their order, indexed from 0)
 * are cut into blocks of {@link Grains#POINT_BLOCK} by index — whole task ranges of the core — and each block
 * is one {@link TrainedModel#outputs} call against the broadcast model, so every point gets the bits the core
 * gives it in one array of all of them, whatever the partitioning of the input.
 */
public final class PredictJob {
    private PredictJob() {}

    /**
     * Points [first, first + rows) of the input, rows×d0 (x) or their outputs rows×dr, with each point's key
     * (a value of the input's id column, carried to the output) or null keys.
     */
    public record Block(long first, int rows, double[] values, Object[] keys) implements Serializable {}

    /** A point's features and its key (null without an id column). */
    public record Point(double[] x, Object key) implements Serializable {}

    /** Blocks of POINT_BLOCK consecutive points from points indexed by their position (zipWithIndex). */
    public static JavaRDD<Block> blocks(org.apache.spark.api.java.JavaPairRDD<Point, Long> indexed, int d0) {
        return indexed.mapToPair(t -> new Tuple2<>(t._2() / Grains.POINT_BLOCK, t)).groupByKey().map(g -> {
            List<Tuple2<Point, Long>> pts = new ArrayList<>();
            g._2().forEach(pts::add);
            pts.sort(Comparator.comparingLong(Tuple2::_2));
            double[] x = new double[pts.size() * d0];
            Object[] keys = new Object[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                System.arraycopy(pts.get(i)._1().x(), 0, x, i * d0, d0);
                keys[i] = pts.get(i)._1().key();
            }
            return new Block(g._1() * Grains.POINT_BLOCK, pts.size(), x, keys);
        });
    }

    /** Blocks of POINT_BLOCK points of x (count×d0, on the driver), as an RDD. */
    public static JavaRDD<Block> blocks(JavaSparkContext sc, double[] x, int count, int d0) {
        List<Block> out = new ArrayList<>();
        for (int b = 0; b < count; b += Grains.POINT_BLOCK) {
            int r = Math.min(Grains.POINT_BLOCK, count - b);
            out.add(new Block(b, r, java.util.Arrays.copyOfRange(x, b * d0, (b + r) * d0), new Object[r]));
        }
        return sc.parallelize(out, Math.max(1, Math.min(out.size(), sc.defaultParallelism() * 4)));
    }

    /**
     * The model's outputs for every block (the model broadcast; each task on {@code threads} threads, 0 = the
     * cores Spark gave it); the caller destroys nothing — the broadcast is released when done is called.
     */
    public static Outputs outputs(JavaSparkContext sc, JavaRDD<Block> blocks, TrainedModel model, int threads) {
        Broadcast<TrainedModel> m = sc.broadcast(model);
        JavaRDD<Block> out = blocks.map(b -> {
            org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
            int t = threads > 0 ? threads : tc != null ? Math.max(1, tc.cpus()) : 1;
            try (Workers w = new Workers(t)) {
                return new Block(b.first(), b.rows(), m.value().outputs(b.values(), b.rows(), w), b.keys());
            }
        });
        return new Outputs(out, m);
    }

    /** The outputs' RDD and the model's broadcast, destroyed by {@link #close} once the outputs are written. */
    public record Outputs(JavaRDD<Block> blocks, Broadcast<TrainedModel> model) implements AutoCloseable {
        @Override
        public void close() {
            model.destroy();
        }
    }
}

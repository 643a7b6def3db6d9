package org.wideneck.core.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.data.Split;

/**
 * The training loop's own part of a checkpoint: the steps done, the seconds spent so far (so a resumed
 * run's times continue), the flops, the metric rows and feature points recorded, the step-0 losses the
 * divergence rule compares with, and where the batch schedule stands.
 */
public final class LoopState {
    int step;
    long trainNanos, evalNanos, tailNanos, elapsedNanos, flops;
    double[] startLoss;
    final List<MetricPoint> rows = new ArrayList<>();
    final List<FeatureDiagnostics.FeaturePoint> features = new ArrayList<>();
    int[] schedule = {-1, 0};

    /** Steps done when the checkpoint was taken. */
    public int step() {
        return step;
    }

    void write(StateOutput out, FeatureDiagnostics diag) throws IOException {
        out.tag("loop");
        out.writeInt(step);
        for (long v : new long[] {trainNanos, evalNanos, tailNanos, elapsedNanos, flops}) out.writeLong(v);
        out.writeDoubles(startLoss);
        out.writeInt(rows.size());
        for (MetricPoint p : rows) {
            out.writeInt(p.step());
            out.writeInt(p.split().ordinal());
            out.writeDouble(p.loss());
            out.writeDouble(p.accuracy());
            out.writeDouble(p.wallSeconds());
        }
        out.writeInt(features.size());
        for (FeatureDiagnostics.FeaturePoint f : features) {
            out.writeInt(f.step());
            out.writeDouble(f.embeddingMovement());
            out.writeDouble(f.kernelAlignment());
        }
        out.writeInt(schedule[0]);
        out.writeInt(schedule[1]);
        out.writeBoolean(diag != null);
        if (diag != null) diag.save(out);
    }

    static LoopState read(StateInput in, TrainSettings s, FeatureDiagnostics diag) throws IOException {
        in.expect("loop");
        LoopState l = new LoopState();
        l.step = in.readInt("steps done", 1, s.steps());
        l.trainNanos = in.readLong();
        l.evalNanos = in.readLong();
        l.tailNanos = in.readLong();
        l.elapsedNanos = in.readLong();
        l.flops = in.readLong();
        l.startLoss = in.readDoubles("step-0 losses", 2L);
        int nRows = in.readInt("metric rows", 2, 2 * (s.steps() + 1));
        for (int i = 0; i < nRows; i++) {
            int st = in.readInt("metric step", 0, l.step);
            Split split = Split.values()[in.readInt("metric split", 0, Split.values().length - 1)];
            l.rows.add(new MetricPoint(st, split, in.readDouble(), in.readDouble(), in.readDouble()));
        }
        int nFeat = in.readInt("feature points", 0, s.steps() + 1);
        for (int i = 0; i < nFeat; i++) {
            l.features.add(new FeatureDiagnostics.FeaturePoint(in.readInt("feature step", 0, l.step), in.readDouble(), in.readDouble()));
        }
        l.schedule = new int[] {in.readInt(), in.readInt()};
        boolean hasDiag = in.readBoolean();
        if (hasDiag != (diag != null)) throw new org.wideneck.core.checkpoint.CorruptCheckpointException("feature diagnostics recorded in one and not the other");
        if (diag != null) diag.restore(in);
        return l;
    }
}

package org.wideneck.core.loop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.dynamics.EmbeddingView;
import org.wideneck.core.model.Model;

/**
 * The feature-learning diagnostics ({@link FeatureDiagnostics}) at every evaluation that recorded rows: the embedding's
 * movement and the learned kernel's alignment with the targets (`inf`: Θ_∞'s, constant). Listens after
 * {@link Evaluations}, whose rows say when an evaluation happened.
 */
public final class FeatureRecorder implements StatefulListener {
    private final Evaluations evaluations;
    private final FeatureDiagnostics diag;
    private final Model model;
    private final List<FeatureDiagnostics.FeaturePoint> points = new ArrayList<>();

    public FeatureRecorder(Evaluations evaluations, FeatureDiagnostics diag, Model model) {
        this.evaluations = evaluations;
        this.diag = diag;
        this.model = model;
    }

    @Override
    public String started(LoopContext ctx) {
        if (ctx.step() == 0 && points.isEmpty() && evaluations.recordedAt(0)) record(ctx);
        return null;
    }

    @Override
    public String afterStep(LoopContext ctx) {
        if (evaluations.recordedAt(ctx.step()) && (points.isEmpty() || points.get(points.size() - 1).step() != ctx.step())) record(ctx);
        return null;
    }

    private void record(LoopContext ctx) {
        if (model.infinite()) {
            points.add(diag.atInfinite(ctx.step(), ctx.problem().train()));
            return;
        }
        double[] g = ((EmbeddingView) ctx.sim()).embeddings(diag.rows());
        points.add(diag.at(ctx.step(), g, g.length / diag.rows().length));
    }

    public List<FeatureDiagnostics.FeaturePoint> points() {
        return List.copyOf(points);
    }

    @Override
    public void save(StateOutput out) throws IOException {
        out.tag("feature-points");
        out.writeInt(points.size());
        for (FeatureDiagnostics.FeaturePoint f : points) {
            out.writeInt(f.step());
            out.writeDouble(f.embeddingMovement());
            out.writeDouble(f.kernelAlignment());
        }
        diag.save(out);
    }

    @Override
    public void restore(StateInput in) throws IOException {
        in.expect("feature-points");
        int n = in.readInt("feature points", 0, Integer.MAX_VALUE);
        points.clear();
        for (int i = 0; i < n; i++) {
            points.add(new FeatureDiagnostics.FeaturePoint(in.readInt("feature step", 0, Integer.MAX_VALUE), in.readDouble(), in.readDouble()));
        }
        diag.restore(in);
    }
}

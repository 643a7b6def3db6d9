package org.wideneck.core.loop;

import org.wideneck.core.model.Model;
import org.wideneck.core.run.Plans;
import org.wideneck.core.run.RunExecutor;
import org.wideneck.core.run.RunHooks;
import org.wideneck.core.run.RunOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.SmallProblems;

/** The feature diagnostics against cases whose answers are known: a kernel equal to YYᵀ, a doubled embedding, a real run. */
class FeatureDiagnosticsTest {
    static final Problem P = SmallProblems.regression(2, 60, 10, 3, 2);

    @Test
    void alignmentIsOneForTheTargetsOwnKernelAndCentered() {
        FeatureDiagnostics f = new FeatureDiagnostics(P.train(), 1, Model.paper(2));
        int[] rows = f.rows();
        int m = rows.length, dr = P.dr();
        double[] y = P.train().gatherY(rows, 0, m);
        double[] k = new double[m * m], shifted = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                for (int a = 0; a < dr; a++) k[i * m + j] += y[i * dr + a] * y[j * dr + a];
                shifted[i * m + j] = 3 * k[i * m + j] + 7; // scale and a constant: centering removes the constant
            }
        }
        assertEquals(1.0, f.alignment(k), 1e-12);
        assertEquals(1.0, f.alignment(shifted), 1e-12);
        double[] eye = new double[m * m];
        for (int i = 0; i < m; i++) eye[i * m + i] = 1;
        assertTrue(f.alignment(eye) < 0.3, "the identity kernel is far from the targets' kernel");
    }

    @Test
    void movementIsRelativeToTheFirstEmbedding() {
        FeatureDiagnostics f = new FeatureDiagnostics(P.train(), 1, Model.paper(2));
        int m = f.rows().length;
        double[] g = new double[m * 2];
        for (int i = 0; i < g.length; i++) g[i] = Math.sin(i + 1.0);
        assertEquals(0.0, f.at(0, g, 2).embeddingMovement(), 0);
        double[] twice = g.clone();
        for (int i = 0; i < twice.length; i++) twice[i] *= 2;
        assertEquals(1.0, f.at(5, twice, 2).embeddingMovement(), 1e-12);
    }

    @Test
    void aRunRecordsDiagnosticsAtEveryEvaluation() {
        Dataset tr = P.train();
        RunOutcome o = RunExecutor.execute(Plans.of(4, false, 0, 1, 300, 300, false, null,
                new TrainSettings(40, 10, 1.0, 1, 10, 0, 100, true), 1), P, RunHooks.none());
        assertEquals(5, o.features().size());
        assertEquals(0.0, o.features().get(0).embeddingMovement(), 0);
        assertTrue(o.features().get(4).embeddingMovement() > o.features().get(1).embeddingMovement());
        RunOutcome inf = RunExecutor.execute(Plans.of(Model.INF, false, 0, 1, 300, 300, false, null,
                new TrainSettings(20, 10, 1.0, 1, 10, 0, 100, true), 1), P, RunHooks.none());
        assertTrue(Double.isNaN(inf.features().get(1).embeddingMovement()));
        assertEquals(inf.features().get(0).kernelAlignment(), inf.features().get(2).kernelAlignment(), 0, "Θ_∞ does not move");
        assertTrue(tr.size() == 60);
    }
}

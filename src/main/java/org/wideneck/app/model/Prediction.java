package org.wideneck.app.model;

import java.util.List;

/** The prediction column of a model's outputs F (dr per point): the class label of argmax F, or F itself for one target. */
public final class Prediction {
    private Prediction() {}

    /**
     * labels[argmax F] (the first largest) for classification, F[0] for a single regression target, null for
     * several targets (the outputs column holds them).
     */
    public static Double of(double[] f, int off, int dr, List<Integer> labels) {
        if (labels != null) {
            int best = 0;
            for (int k = 1; k < dr; k++) if (f[off + k] > f[off + best]) best = k;
            return (double) labels.get(best);
        }
        return dr == 1 ? f[off] : null;
    }
}

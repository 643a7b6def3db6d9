package org.wideneck.core.dynamics;

/** A simulation with a finite bottleneck, whose embeddings the feature diagnostics read. */
public interface EmbeddingView {
    /** The bottleneck embeddings g_t at the given training rows (rows.length×d, a fresh array). */
    double[] embeddings(int[] rows);
}

package org.wideneck.core.dynamics;

import java.io.Serializable;
import java.util.List;

/**
 * One chunk of the history (x_h rows×d, χ_h rows×dr, |x_h|², the step of each row), immutable once made: what is
 * sent to the places that evaluate points against the history (Spark executors), never modified after.
 */
public record HistoryChunk(int rows, int dr, double[] x, double[] chi, double[] norms, int[] steps) implements Serializable {
    /** The chunks as a {@link HistoryView}, in the given order. */
    public static HistoryView view(List<HistoryChunk> chunks, int dr) {
        int total = 0;
        for (HistoryChunk c : chunks) total += c.rows();
        int size = total;
        return new HistoryView() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int chunks() {
                return chunks.size();
            }

            @Override
            public int dr() {
                return dr;
            }

            @Override
            public int rows(int c) {
                return chunks.get(c).rows();
            }

            @Override
            public double[] x(int c) {
                return chunks.get(c).x();
            }

            @Override
            public double[] chi(int c) {
                return chunks.get(c).chi();
            }

            @Override
            public double[] norms(int c) {
                return chunks.get(c).norms();
            }

            @Override
            public int[] steps(int c) {
                return chunks.get(c).steps();
            }
        };
    }
}

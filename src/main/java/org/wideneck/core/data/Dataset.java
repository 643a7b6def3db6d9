package org.wideneck.core.data;

import java.io.Serializable;
import org.wideneck.core.linalg.Rows;
import org.wideneck.core.model.Loss;

/**
 * Points and targets of one split, row-major: x is N×d0, y is N×dr. For classification {@code labels}
 * holds the class of each point (y is then its one-hot vector); for regression it is null. The core does not
 * trust its callers for what the math needs: at least one target column, finite inputs and targets,
 * labels in 0..dr−1 (the application refuses such data earlier, with a message for the user).
 */
public record Dataset(int size, int d0, int dr, double[] x, double[] y, int[] labels) implements Serializable {
    public Dataset {
        if ((long) size * d0 != x.length) throw new IllegalArgumentException("x has " + x.length + " entries, expected " + size + "×" + d0);
        if ((long) size * dr != y.length) throw new IllegalArgumentException("y has " + y.length + " entries, expected " + size + "×" + dr);
        if (labels != null && labels.length != size) throw new IllegalArgumentException("labels has " + labels.length + " entries, expected " + size);
        if (dr < 1) throw new IllegalArgumentException("a data set needs at least one target column, got dr = " + dr);
        for (int i = 0; labels != null && i < size; i++) {
            if (labels[i] < 0 || labels[i] >= dr) throw new IllegalArgumentException("label " + labels[i] + " of point " + i + " is outside 0.." + (dr - 1));
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) throw new IllegalArgumentException("input " + (i / Math.max(1, d0)) + " holds " + x[i]);
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) throw new IllegalArgumentException("target " + (i / dr) + " holds " + y[i]);
        }
    }

    public boolean classification() {
        return labels != null;
    }

    /** Mean over points of the loss ℓ(F, y), and the accuracy of argmax F (NaN for regression) (SPEC §5), see {@link LossSums}. */
    public Evaluation evaluate(double[] f, Loss loss) {
        if (f.length != y.length) throw new IllegalArgumentException("outputs have " + f.length + " entries, expected " + y.length);
        return new LossSums(size).add(0, size, f, y, labels, dr, loss).evaluation(labels != null);
    }

    /** The points at the given indices, as a new data set. */
    public Dataset subset(int[] rows) {
        int[] sl = labels == null ? null : new int[rows.length];
        for (int i = 0; sl != null && i < rows.length; i++) sl[i] = labels[rows[i]];
        return new Dataset(rows.length, d0, dr, gatherX(rows, 0, rows.length), gatherY(rows, 0, rows.length), sl);
    }

    /** The rows of y at the given indices, gathered into a new count×dr array. */
    public double[] gatherY(int[] idx, int from, int count) {
        return Rows.gather(y, dr, idx, from, count);
    }

    /** The rows of x at the given indices, gathered into a new idx.length×d0 array. */
    public double[] gatherX(int[] idx, int from, int count) {
        return Rows.gather(x, d0, idx, from, count);
    }
}

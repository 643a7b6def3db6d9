package org.wideneck.core.dynamics;

/**
 * A set of input points as the eq 42 update reads them: ξ (count×d0, row-major) and |ξ|² of each.
 *
 * @param xi    the inputs, rows from 0
 * @param norms |ξ|² of each, from 0
 */
public record Points(double[] xi, double[] norms, int count, int d0) {
    public Points {
        if (xi.length < (long) count * d0 || norms.length < count) {
            throw new IllegalArgumentException("points shorter than their count " + count);
        }
    }
}

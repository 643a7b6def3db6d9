package org.wideneck.core.loop;

import java.util.SplittableRandom;
import org.wideneck.core.init.Seeds;

/**
 * Minibatches of SPEC §4: consecutive slices of size B of a fresh seeded permutation per epoch, a
 * remainder smaller than B skipped. Full batch (B = N) takes the points in their order, so a full-batch
 * run does not depend on the seed at all.
 */
public final class BatchSchedule {
    private final int n;
    private final int batchSize;
    private final long seed;
    private int epoch = -1;
    private int[] perm;
    private int pos;

    public BatchSchedule(int n, int batchSize, long seed) {
        if (batchSize < 1 || batchSize > n) throw new IllegalArgumentException("batch size " + batchSize + " is not in 1.." + n);
        this.n = n;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Where the schedule stands: {epoch, position in the epoch's permutation} (epoch −1 before the first batch). */
    public int[] position() {
        return new int[] {epoch, pos};
    }

    /** Puts the schedule where {@link #position} said it was (a resumed run); the epoch's permutation is redrawn. */
    public void seek(int atEpoch, int atPos) {
        if (atEpoch < -1 || atPos < 0 || atPos > n || (atEpoch == -1 && atPos != 0)) {
            throw new IllegalArgumentException("schedule position (" + atEpoch + ", " + atPos + ") is impossible for " + n + " points");
        }
        epoch = atEpoch;
        pos = atPos;
        perm = null;
        if (epoch >= 0) {
            if (batchSize == n) {
                perm = new int[n];
                for (int i = 0; i < n; i++) perm[i] = i;
            } else {
                perm = Seeds.permutation(Seeds.stream(seed, "epoch", epoch), n);
            }
        }
    }

    /** The next k batches, without moving the schedule. */
    public int[][] peek(int k) {
        int e = epoch, p = pos;
        int[] pm = perm;
        int[][] out = new int[k][];
        for (int i = 0; i < k; i++) out[i] = next();
        epoch = e;
        pos = p;
        perm = pm;
        return out;
    }

    /** The next batch's point indices (a fresh array). */
    public int[] next() {
        if (perm == null || pos + batchSize > n) {
            epoch++;
            pos = 0;
            if (batchSize == n) {
                perm = new int[n];
                for (int i = 0; i < n; i++) perm[i] = i;
            } else {
                SplittableRandom rng = Seeds.stream(seed, "epoch", epoch);
                perm = Seeds.permutation(rng, n);
            }
        }
        int[] out = new int[batchSize];
        System.arraycopy(perm, pos, out, 0, batchSize);
        pos += batchSize;
        return out;
    }
}

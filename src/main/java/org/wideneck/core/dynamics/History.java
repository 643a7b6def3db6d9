package org.wideneck.core.dynamics;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.wideneck.core.checkpoint.StateInput;
import org.wideneck.core.checkpoint.StateOutput;
import org.wideneck.core.linalg.PanelGemm;
import org.wideneck.core.parallel.Grains;

/**
 * The SGD history H of SPEC §4: one pair (x_h, χ_h) per batch point of every past step, stored in chunks of
 * {@link Grains#HISTORY_CHUNK} rows (x: rows×d, χ: rows×dr, |x_h|² and the step that made the row) so it grows
 * without copying and the kernel loops work on cache-sized blocks. Where {@link PanelGemm}'s SIMD path runs, each
 * chunk's x is also kept in its panels for the step's dot products (as many doubles again).
 */
public final class History implements HistoryView, Serializable {
    private static final long serialVersionUID = 2L;
    private final int d;
    private final int dr;
    private final List<double[]> xs = new ArrayList<>();
    private final List<double[]> chis = new ArrayList<>();
    private final List<double[]> norms = new ArrayList<>();
    private final List<int[]> steps = new ArrayList<>();
    /** x of each chunk again in {@link PanelGemm}'s panels (the step's dot products), when its SIMD path runs; else null. */
    private final List<double[]> panels = PanelGemm.VECTORIZED ? new ArrayList<>() : null;
    private int size;

    public History(int d, int dr) {
        this.d = d;
        this.dr = dr;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int chunks() {
        return xs.size();
    }

    @Override
    public int dr() {
        return dr;
    }

    @Override
    public int rows(int c) {
        return Math.min(Grains.HISTORY_CHUNK, size - c * Grains.HISTORY_CHUNK);
    }

    @Override
    public double[] x(int c) {
        return xs.get(c);
    }

    @Override
    public double[] chi(int c) {
        return chis.get(c);
    }

    @Override
    public double[] norms(int c) {
        return norms.get(c);
    }

    @Override
    public int[] steps(int c) {
        return steps.get(c);
    }

    /** Chunk c's x in panels ({@link PanelGemm}), or null when the panels are not kept (no 512-bit SIMD path). */
    public double[] panels(int c) {
        return panels == null ? null : panels.get(c);
    }

    /** Chunks that are full (they are never written again). */
    public int fullChunks() {
        return size / Grains.HISTORY_CHUNK;
    }

    /** Full chunk c, shared (its arrays are not modified any more). */
    public HistoryChunk fullChunk(int c) {
        if (c >= fullChunks()) throw new IllegalArgumentException("chunk " + c + " is not full");
        return new HistoryChunk(Grains.HISTORY_CHUNK, dr, xs.get(c), chis.get(c), norms.get(c), steps.get(c));
    }

    /** A copy of the rows of the last, partly filled chunk, or null when every chunk is full. */
    public HistoryChunk tailCopy() {
        int r = size % Grains.HISTORY_CHUNK, c = size / Grains.HISTORY_CHUNK;
        if (r == 0) return null;
        return new HistoryChunk(r, dr, Arrays.copyOf(xs.get(c), r * d), Arrays.copyOf(chis.get(c), r * dr), Arrays.copyOf(norms.get(c), r),
                Arrays.copyOf(steps.get(c), r));
    }

    /** Writes every pair, chunk by chunk (a checkpoint). */
    public void save(StateOutput out) throws IOException {
        out.tag("history-v2");
        out.writeInt(d);
        out.writeInt(dr);
        out.writeInt(size);
        for (int c = 0; c < chunks(); c++) {
            int r = rows(c);
            out.writeDoubles(xs.get(c), r * d);
            out.writeDoubles(chis.get(c), r * dr);
            out.writeDoubles(norms.get(c), r);
            out.writeInts(steps.get(c), r);
        }
    }

    /** A history as {@link #save} wrote it, bitwise (|x_h|² as stored, not recomputed). */
    public static History restore(StateInput in, int d, int dr) throws IOException {
        in.expect("history-v2");
        in.readInt("history width", d, d);
        in.readInt("history output dimension", dr, dr);
        History h = new History(d, dr);
        h.size = in.readInt("history size", 0, Integer.MAX_VALUE);
        int chunks = (h.size + Grains.HISTORY_CHUNK - 1) / Grains.HISTORY_CHUNK;
        for (int c = 0; c < chunks; c++) {
            int r = h.rows(c);
            double[] x = new double[Grains.HISTORY_CHUNK * d], chi = new double[Grains.HISTORY_CHUNK * dr], nr = new double[Grains.HISTORY_CHUNK];
            in.readDoublesInto("history x", x, r * d);
            in.readDoublesInto("history chi", chi, r * dr);
            in.readDoublesInto("history norms", nr, r);
            int[] st = Arrays.copyOf(in.readInts("history steps", r, Integer.MAX_VALUE), Grains.HISTORY_CHUNK);
            if (h.panels != null) {
                double[] pn = new double[PanelGemm.panelLength(Grains.HISTORY_CHUNK, d)];
                for (int j = 0; j < r; j++) PanelGemm.putRow(x, j * d, d, pn, j);
                h.panels.add(pn);
            }
            h.xs.add(x);
            h.chis.add(chi);
            h.norms.add(nr);
            h.steps.add(st);
        }
        return h;
    }

    /** Appends rows pairs from x (rows×d) and chi (rows×dr), made at the given step. */
    public void append(double[] x, int xOff, double[] chi, int chiOff, int rows, int step) {
        for (int i = 0; i < rows; i++) {
            int c = size / Grains.HISTORY_CHUNK, r = size % Grains.HISTORY_CHUNK;
            if (r == 0) {
                xs.add(new double[Grains.HISTORY_CHUNK * d]);
                chis.add(new double[Grains.HISTORY_CHUNK * dr]);
                norms.add(new double[Grains.HISTORY_CHUNK]);
                steps.add(new int[Grains.HISTORY_CHUNK]);
                if (panels != null) panels.add(new double[PanelGemm.panelLength(Grains.HISTORY_CHUNK, d)]);
            }
            System.arraycopy(x, xOff + i * d, xs.get(c), r * d, d);
            if (panels != null) PanelGemm.putRow(x, xOff + i * d, d, panels.get(c), r);
            System.arraycopy(chi, chiOff + i * dr, chis.get(c), r * dr, dr);
            double s = 0;
            for (int k = 0; k < d; k++) s += x[xOff + i * d + k] * x[xOff + i * d + k];
            norms.get(c)[r] = s;
            steps.get(c)[r] = step;
            size++;
        }
    }
}

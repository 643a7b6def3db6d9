package org.wideneck.core.checkpoint;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads what {@link StateOutput} wrote. A part that is not where it should be, or an array of another
 * length than the state needs, is a {@link CorruptCheckpointException}.
 */
public final class StateInput {
    private static final int BLOCK = 8192;
    private final DataInputStream in;
    private final byte[] buf = new byte[BLOCK * 8];

    public StateInput(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** Reads a tag and checks it is the expected part. */
    public void expect(String name) throws IOException {
        String t = in.readUTF();
        if (!t.equals(name)) throw new CorruptCheckpointException("expected part '" + name + "', found '" + t + "'");
    }

    public int readInt() throws IOException {
        return in.readInt();
    }

    /** An int that must lie in [lo, hi]. */
    public int readInt(String what, int lo, int hi) throws IOException {
        int v = in.readInt();
        if (v < lo || v > hi) throw new CorruptCheckpointException(what + " is " + v + ", expected " + lo + ".." + hi);
        return v;
    }

    public long readLong() throws IOException {
        return in.readLong();
    }

    public double readDouble() throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }

    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    public String readString() throws IOException {
        int n = readInt("string length", 0, 1 << 24);
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** An array of any length up to max. */
    public double[] readDoubles(String what, int max) throws IOException {
        int len = readInt(what + " length", 0, max);
        double[] a = new double[len];
        readInto(a, len);
        return a;
    }

    /** An array of exactly len values. */
    public double[] readDoubles(String what, long len) throws IOException {
        if (len > Integer.MAX_VALUE) throw new CorruptCheckpointException(what + " would have " + len + " values");
        int n = readInt(what + " length", (int) len, (int) len);
        double[] a = new double[n];
        readInto(a, n);
        return a;
    }

    /** Reads len values into the start of a (modifies a); the stored length must be len. */
    public void readDoublesInto(String what, double[] a, int len) throws IOException {
        readInt(what + " length", len, len);
        readInto(a, len);
    }

    private void readInto(double[] a, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < len; i += BLOCK) {
            int m = Math.min(BLOCK, len - i);
            in.readFully(buf, 0, m * 8);
            bb.clear();
            bb.asDoubleBuffer().get(a, i, m);
        }
    }

    /** An int array of exactly len values, each in [0, bound). */
    public int[] readInts(String what, int len, int bound) throws IOException {
        readInt(what + " length", len, len);
        int[] a = new int[len];
        for (int i = 0; i < len; i++) {
            a[i] = in.readInt();
            if (a[i] < 0 || a[i] >= bound) throw new CorruptCheckpointException(what + "[" + i + "] = " + a[i] + " is outside 0.." + (bound - 1));
        }
        return a;
    }

    /** Checks nothing follows the state. */
    public void expectEnd() throws IOException {
        if (in.read() != -1) throw new CorruptCheckpointException("unexpected data after the state");
    }

    /** An end of data where the state goes on, as the checkpoint problem it is. */
    public static CorruptCheckpointException truncated(EOFException e) {
        return new CorruptCheckpointException("it ends before the state does");
    }
}

package org.wideneck.core.checkpoint;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a run's state for a checkpoint: tags that name each part (checked when read back), scalars, and
 * arrays with their lengths, all big-endian. Doubles are written as their exact bits, so a state read back
 * continues bitwise as it would have. Read with {@link StateInput}.
 */
public final class StateOutput {
    private static final int BLOCK = 8192;
    private final DataOutputStream out;
    private final byte[] buf = new byte[BLOCK * 8];

    public StateOutput(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /** A part's name; {@link StateInput#expect} checks it. */
    public void tag(String name) throws IOException {
        out.writeUTF(name);
    }

    public void writeInt(int v) throws IOException {
        out.writeInt(v);
    }

    public void writeLong(long v) throws IOException {
        out.writeLong(v);
    }

    public void writeDouble(double v) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    public void writeBoolean(boolean v) throws IOException {
        out.writeBoolean(v);
    }

    public void writeString(String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** The first len values of a (len ≤ a.length), with len. */
    public void writeDoubles(double[] a, int len) throws IOException {
        out.writeInt(len);
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < len; i += BLOCK) {
            int m = Math.min(BLOCK, len - i);
            bb.clear();
            bb.asDoubleBuffer().put(a, i, m);
            out.write(buf, 0, m * 8);
        }
    }

    public void writeDoubles(double[] a) throws IOException {
        writeDoubles(a, a.length);
    }

    /** The first len values of a, with len. */
    public void writeInts(int[] a, int len) throws IOException {
        out.writeInt(len);
        for (int i = 0; i < len; i++) out.writeInt(a[i]);
    }

    public void flush() throws IOException {
        out.flush();
    }
}

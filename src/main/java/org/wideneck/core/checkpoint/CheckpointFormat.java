package org.wideneck.core.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The bytes of a checkpoint file: a magic line naming the format and its version, the state, and the
 * SHA-256 of everything before it (32 bytes). A file is used only once its checksum is verified over the
 * whole file, so a torn write, a flipped bit or a truncation is found before any state is read.
 */
public final class CheckpointFormat {
    /** What a file of this format holds: a run's checkpoint, or a trained model (core.model). */
    public enum Kind {
        CHECKPOINT("wideneck-checkpoint 1\n", "checkpoint"), MODEL("wideneck-model 1\n", "model");

        final byte[] magic;
        final String noun;

        Kind(String magic, String noun) {
            this.magic = magic.getBytes(StandardCharsets.US_ASCII);
            this.noun = noun;
        }
    }

    public static final Kind CHECKPOINT = Kind.CHECKPOINT;
    public static final Kind MODEL = Kind.MODEL;
    static final byte[] MAGIC = Kind.CHECKPOINT.magic;
    private static final int SHA_BYTES = 32;

    private CheckpointFormat() {}

    /** Writes a checkpoint's state between the magic line and the checksum (does not close raw). */
    public static void write(OutputStream raw, StateWriter state) throws IOException {
        write(raw, CHECKPOINT, state);
    }

    /** Writes state between the magic line of its kind and the checksum (does not close raw). */
    public static void write(OutputStream raw, Kind kind, StateWriter state) throws IOException {
        MessageDigest md = sha256();
        BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
        DigestOutputStream dig = new DigestOutputStream(buffered, md);
        dig.write(kind.magic);
        StateOutput out = new StateOutput(dig);
        state.write(out);
        out.flush();
        dig.flush();
        buffered.write(md.digest());
        buffered.flush();
    }

    /** Writes a run's state. */
    @FunctionalInterface
    public interface StateWriter {
        void write(StateOutput out) throws IOException;
    }

    /** Reads a checkpoint's state after its checksum was verified. */
    @FunctionalInterface
    public interface StateReader<T> {
        T read(StateInput in) throws IOException;
    }

    /** Checks the checksum of a file of {@code size} bytes read from in (consumed, not closed). */
    public static void verify(InputStream in, long size) throws IOException {
        if (size < MAGIC.length + SHA_BYTES) throw new CorruptCheckpointException("it has only " + size + " bytes");
        MessageDigest md = sha256();
        InputStream b = new BufferedInputStream(in, 1 << 16);
        byte[] buf = new byte[1 << 16];
        long left = size - SHA_BYTES;
        while (left > 0) {
            int r = b.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) throw new CorruptCheckpointException("it ends after " + (size - SHA_BYTES - left) + " of " + size + " bytes");
            md.update(buf, 0, r);
            left -= r;
        }
        byte[] want = new byte[SHA_BYTES];
        int got = b.readNBytes(want, 0, SHA_BYTES);
        if (got != SHA_BYTES || !Arrays.equals(want, md.digest())) throw new CorruptCheckpointException("its SHA-256 checksum does not match");
    }

    /** Parses a checkpoint of {@code size} bytes whose checksum {@link #verify} accepted (in consumed, not closed). */
    public static <T> T read(InputStream in, long size, StateReader<T> reader) throws IOException {
        return read(in, size, CHECKPOINT, reader);
    }

    /** Parses a file of the given kind whose checksum {@link #verify} accepted (in consumed, not closed). */
    public static <T> T read(InputStream in, long size, Kind kind, StateReader<T> reader) throws IOException {
        InputStream b = new BufferedInputStream(new Limited(in, size - SHA_BYTES), 1 << 16);
        byte[] magic = b.readNBytes(kind.magic.length);
        if (!Arrays.equals(magic, kind.magic)) throw new CorruptCheckpointException("it is not a wideneck " + kind.noun + " of this version");
        try {
            return reader.read(new StateInput(b));
        } catch (EOFException e) {
            throw StateInput.truncated(e);
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException("its state does not fit this run: " + e.getMessage());
        }
    }

    /** The first limit bytes of a stream (the state, without the checksum after it). */
    private static final class Limited extends java.io.FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int r = super.read();
            if (r >= 0) left--;
            return r;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int r = super.read(b, off, (int) Math.min(len, left));
            if (r > 0) left -= r;
            return r;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.wideneck.app.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/**
 * Reads IDX files (the MNIST format: magic 0x0000 08 nd, then nd big-endian dimensions, then unsigned
 * bytes), plain or gzipped. Wrong magic, unsupported type, or a length that does not match the header
 * is a {@link UserError} naming the file.
 */
public final class Idx {
    /** dims and the raw unsigned bytes, row-major. */
    public record Array(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }

        /** Elements per item (product of the dimensions after the first). */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) s *= dims[i];
            return s;
        }
    }

    private Idx() {}

    public static Array read(Path file, int expectedDims) {
        return read(file.toString(), HadoopConf.defaults(), expectedDims);
    }

    /** The IDX file at a local path or Hadoop URI (plain or gzipped). */
    public static Array read(String file, HadoopConf conf, int expectedDims) {
        byte[] all = FileStores.readInput(file, conf);
        if (all.length >= 2 && (all[0] & 0xff) == 0x1f && (all[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(all))) {
                all = in.readAllBytes();
            } catch (IOException e) {
                throw new UserError("cannot read '" + file + "': " + e.getMessage() + " (corrupt gzip?)");
            }
        }
        String where = "'" + file + "'";
        if (all.length < 4) throw new UserError(where + " is not an IDX file (" + all.length + " bytes)");
        ByteBuffer bb = ByteBuffer.wrap(all); // big-endian
        int magic = bb.getInt(0);
        int type = (magic >>> 8) & 0xff, nd = magic & 0xff;
        if ((magic >>> 16) != 0 || type != 0x08) {
            throw new UserError(where + " has magic number 0x" + Integer.toHexString(magic) + "; expected an IDX file of unsigned bytes (0x8"
                    + expectedDims + ")");
        }
        if (nd != expectedDims) throw new UserError(where + " has " + nd + " dimensions, expected " + expectedDims);
        if (all.length < 4 + 4 * nd) throw new UserError(where + " is truncated (header)");
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = bb.getInt(4 + 4 * i);
            if (dims[i] < 0) throw new UserError(where + " has a negative dimension");
            count *= dims[i];
        }
        long have = all.length - 4L - 4L * nd;
        if (have != count) {
            throw new UserError(where + " has " + have + " bytes of data but its header says " + count
                    + (have < count ? " (truncated)" : " (trailing bytes)"));
        }
        byte[] data = new byte[(int) count];
        System.arraycopy(all, 4 + 4 * nd, data, 0, data.length);
        return new Array(dims, data);
    }
}

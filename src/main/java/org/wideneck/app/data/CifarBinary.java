package org.wideneck.app.data;

import java.nio.file.Path;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/**
 * Reads CIFAR-10 binary batches: records of 1 label byte (0–9) and 3072 pixel bytes (32×32 red, then
 * green, then blue). A length that is not a whole number of records, or a label above 9, is a
 * {@link UserError} naming the file.
 */
public final class CifarBinary {
    public static final int PIXELS = 3072;
    public static final int RECORD = PIXELS + 1;

    /** labels and pixels (count×3072 unsigned bytes). */
    public record Batch(int[] labels, byte[] pixels) {}

    private CifarBinary() {}

    public static Batch read(Path file) {
        return read(file.toString(), HadoopConf.defaults());
    }

    /** The CIFAR-10 batch at a local path or Hadoop URI. */
    public static Batch read(String file, HadoopConf conf) {
        byte[] all = FileStores.readInput(file, conf);
        if (all.length == 0 || all.length % RECORD != 0) {
            throw new UserError("'" + file + "' has " + all.length + " bytes, not a whole number of " + RECORD
                    + "-byte CIFAR-10 records (truncated or not a CIFAR-10 batch)");
        }
        int n = all.length / RECORD;
        int[] labels = new int[n];
        byte[] pixels = new byte[n * PIXELS];
        for (int i = 0; i < n; i++) {
            int l = all[i * RECORD] & 0xff;
            if (l > 9) throw new UserError("'" + file + "': record " + i + " has label " + l + "; CIFAR-10 labels are 0–9 (not a CIFAR-10 batch?)");
            labels[i] = l;
            System.arraycopy(all, i * RECORD + 1, pixels, i * PIXELS, PIXELS);
        }
        return new Batch(labels, pixels);
    }
}

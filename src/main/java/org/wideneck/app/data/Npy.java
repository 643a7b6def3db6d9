package org.wideneck.app.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1–3): little- or big-endian float32,
 * float64, and integer dtypes, C order only. Every defect (no file, bad magic, unsupported dtype,
 * Fortran order, truncated or over-long data) is a {@link UserError} naming the file.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    public static NpyArray read(Path file) {
        return read(file.toString(), HadoopConf.defaults());
    }

    /** The .npy file at a local path or Hadoop URI. */
    public static NpyArray read(String file, HadoopConf conf) {
        byte[] all = FileStores.readInput(file, conf);
        String where = "'" + file + "'";
        if (all.length < 10) throw new UserError(where + " is not a .npy file (only " + all.length + " bytes)");
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) throw new UserError(where + " is not a .npy file (wrong magic number)");
        }
        int major = all[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (all.length < 12) throw new UserError(where + " is truncated (no header)");
            headerLen = bb.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new UserError(where + " has .npy format version " + major + ", which is not supported");
        }
        if (start + headerLen > all.length) throw new UserError(where + " is truncated (header)");
        String header = new String(all, start, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher md = DESCR.matcher(header), mf = FORTRAN.matcher(header), ms = SHAPE.matcher(header);
        if (!md.find() || !mf.find() || !ms.find()) throw new UserError(where + " has a malformed .npy header: " + header.trim());
        if (mf.group(1).equals("True")) throw new UserError(where + " is in Fortran order; save it in C order (np.ascontiguousarray)");
        String descr = md.group(1);
        String[] dims = ms.group(1).split(",");
        int nd = 0;
        int[] shape = new int[dims.length];
        long count = 1;
        for (String s : dims) {
            if (s.isBlank()) continue;
            long v;
            try {
                v = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new UserError(where + " has a malformed .npy header: shape (" + ms.group(1) + ") is not a tuple of integers");
            }
            if (v < 0 || v > Integer.MAX_VALUE) throw new UserError(where + " has an unsupported shape (" + ms.group(1) + ")");
            shape[nd++] = (int) v;
            count = Math.multiplyHigh(count, v) != 0 || count * v > Integer.MAX_VALUE ? Integer.MAX_VALUE : count * v;
        }
        int[] sh = java.util.Arrays.copyOf(shape, nd);
        if (descr.length() < 3) throw new UserError(where + " has unsupported dtype '" + descr + "'");
        char order = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw new UserError(where + " has a malformed .npy header: dtype '" + descr + "' has no item size");
        }
        ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean ok = (kind == 'f' && (size == 4 || size == 8)) || ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8))
                || (kind == 'b' && size == 1);
        if (!ok) throw new UserError(where + " has dtype '" + descr + "'; expected float32, float64 or an integer type");
        long dataStart = start + headerLen;
        long need = count * size;
        long have = all.length - dataStart;
        if (have < need) throw new UserError(where + " is truncated: shape " + new NpyArray(sh, descr, new double[0]).shapeString()
                + " needs " + need + " bytes of data, the file has " + have);
        if (have > need) throw new UserError(where + " has " + (have - need) + " bytes after its data; the file is corrupt");
        if (count > Integer.MAX_VALUE - 8) throw new UserError(where + " is too large (" + count + " values)");
        double[] v = new double[(int) count];
        ByteBuffer data = ByteBuffer.wrap(all, (int) dataStart, (int) need).slice().order(bo);
        for (int i = 0; i < v.length; i++) {
            int p = i * size;
            v[i] = switch (kind) {
                case 'f' -> size == 4 ? data.getFloat(p) : data.getDouble(p);
                case 'i' -> switch (size) {
                    case 1 -> data.get(p);
                    case 2 -> data.getShort(p);
                    case 4 -> data.getInt(p);
                    default -> data.getLong(p);
                };
                case 'u' -> switch (size) {
                    case 1 -> data.get(p) & 0xff;
                    case 2 -> data.getShort(p) & 0xffff;
                    case 4 -> data.getInt(p) & 0xffffffffL;
                    default -> data.getLong(p);
                };
                default -> data.get(p) != 0 ? 1 : 0;
            };
        }
        return new NpyArray(sh, descr, v);
    }

    /** The bytes of a float64 C-order .npy array of the given shape. */
    public static byte[] float64Bytes(double[] values, int... shape) throws IOException {
        return bytes("<f8", shape, values.length * 8L, buf -> {
            for (double x : values) buf.putDouble(x);
        });
    }

    /** Writes a float64 C-order array of the given shape. */
    public static void writeFloat64(Path file, double[] values, int... shape) throws IOException {
        write(file, "<f8", shape, values.length * 8L, buf -> {
            for (double x : values) buf.putDouble(x);
        });
    }

    /** Writes a float32 C-order array of the given shape. */
    public static void writeFloat32(Path file, double[] values, int... shape) throws IOException {
        write(file, "<f4", shape, values.length * 4L, buf -> {
            for (double x : values) buf.putFloat((float) x);
        });
    }

    /** Writes an int64 C-order array of the given shape. */
    public static void writeInt64(Path file, long[] values, int... shape) throws IOException {
        write(file, "<i8", shape, values.length * 8L, buf -> {
            for (long x : values) buf.putLong(x);
        });
    }

    private interface Filler {
        void fill(ByteBuffer b);
    }

    private static void write(Path file, String descr, int[] shape, long bytes, Filler filler) throws IOException {
        Files.write(file, bytes(descr, shape, bytes, filler));
    }

    private static byte[] bytes(String descr, int[] shape, long bytes, Filler filler) throws IOException {
        StringBuilder sh = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sh.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) sh.append(",");
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + sh + "), }");
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(h.length() & 0xff);
        out.write((h.length() >> 8) & 0xff);
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        filler.fill(b);
        out.write(b.array());
        return out.toByteArray();
    }
}

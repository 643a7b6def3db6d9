package org.wideneck.app.data;

import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.core.init.NetworkWeights;

/** Imports initial weights W1 (n×d0), W2 (d×n), U (n×d), V (dr×n) from float64 C-order .npy files (SPEC §3). */
public final class WeightsLoader {
    private WeightsLoader() {}

    /** The weights in dir, a local path or a Hadoop URI. */
    public static NetworkWeights load(String dir, int d0, int dr, HadoopConf conf) {
        FileStore p = FileStores.open(dir, conf);
        boolean isDir;
        try {
            isDir = p.isDirectory("");
        } catch (java.io.IOException | RuntimeException e) {
            throw new UserError("init.npy-dir '" + dir + "' cannot be reached: " + FileStores.oneLine(e));
        }
        if (!isDir) throw new UserError("init.npy-dir '" + dir + "' is not a directory");
        NpyArray w1 = matrix(p, "W1", conf), w2 = matrix(p, "W2", conf), u = matrix(p, "U", conf), v = matrix(p, "V", conf);
        int n = w1.rows(), d = w2.rows();
        expect(p, "W1", w1, n, d0, "(n, d0) with d0 = " + d0 + " input features");
        expect(p, "W2", w2, d, n, "(d, n) with n = " + n + " from W1");
        expect(p, "U", u, n, d, "(n, d) = (" + n + ", " + d + ") from W1 and W2");
        expect(p, "V", v, dr, n, "(dr, n) with dr = " + dr + " outputs");
        return new NetworkWeights(n, d0, d, dr, w1.values(), w2.values(), u.values(), v.values());
    }

    /** The four files' locations in dir (provenance). */
    public static java.util.List<String> files(String dir, HadoopConf conf) {
        FileStore p = FileStores.open(dir, conf);
        return java.util.List.of(p.locate("W1.npy"), p.locate("W2.npy"), p.locate("U.npy"), p.locate("V.npy"));
    }

    private static NpyArray matrix(FileStore dir, String name, HadoopConf conf) {
        String f = dir.locate(name + ".npy");
        NpyArray a = Npy.read(f, conf);
        if (!a.dtype().equals("<f8") && !a.dtype().equals("=f8")) {
            throw new UserError("'" + f + "' has dtype '" + a.dtype() + "'; initial weights must be float64 ('<f8')");
        }
        if (a.shape().length != 2) throw new UserError("'" + f + "' has shape " + a.shapeString() + "; expected a matrix");
        for (int i = 0; i < a.values().length; i++) {
            if (!Double.isFinite(a.values()[i])) throw new UserError("'" + f + "' holds " + a.values()[i] + " at flat index " + i);
        }
        return a;
    }

    private static void expect(FileStore dir, String name, NpyArray a, int rows, int cols, String what) {
        if (a.rows() != rows || a.cols() != cols) {
            throw new UserError("'" + dir.locate(name + ".npy") + "' has shape " + a.shapeString() + "; expected " + what);
        }
    }
}

package org.wideneck.app.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.wideneck.app.config.UserError;
import org.wideneck.core.init.NetworkWeights;

/** Imports initial weights W1 (n×d0), W2 (d×n), U (n×d), V (dr×n) from float64 C-order .npy files (SPEC §3). */
public final class WeightsLoader {
    private WeightsLoader() {}

    public static NetworkWeights load(String dir, int d0, int dr) {
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) throw new UserError("init.npy-dir '" + dir + "' is not a directory");
        NpyArray w1 = matrix(p, "W1"), w2 = matrix(p, "W2"), u = matrix(p, "U"), v = matrix(p, "V");
        int n = w1.rows(), d = w2.rows();
        expect(p, "W1", w1, n, d0, "(n, d0) with d0 = " + d0 + " input features");
        expect(p, "W2", w2, d, n, "(d, n) with n = " + n + " from W1");
        expect(p, "U", u, n, d, "(n, d) = (" + n + ", " + d + ") from W1 and W2");
        expect(p, "V", v, dr, n, "(dr, n) with dr = " + dr + " outputs");
        return new NetworkWeights(n, d0, d, dr, w1.values(), w2.values(), u.values(), v.values());
    }

    private static NpyArray matrix(Path dir, String name) {
        Path f = dir.resolve(name + ".npy");
        NpyArray a = Npy.read(f);
        if (!a.dtype().equals("<f8") && !a.dtype().equals("=f8")) {
            throw new UserError("'" + f + "' has dtype '" + a.dtype() + "'; initial weights must be float64 ('<f8')");
        }
        if (a.shape().length != 2) throw new UserError("'" + f + "' has shape " + a.shapeString() + "; expected a matrix");
        for (int i = 0; i < a.values().length; i++) {
            if (!Double.isFinite(a.values()[i])) throw new UserError("'" + f + "' holds " + a.values()[i] + " at flat index " + i);
        }
        return a;
    }

    private static void expect(Path dir, String name, NpyArray a, int rows, int cols, String what) {
        if (a.rows() != rows || a.cols() != cols) {
            throw new UserError("'" + dir.resolve(name + ".npy") + "' has shape " + a.shapeString() + "; expected " + what);
        }
    }
}

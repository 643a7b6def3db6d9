package org.wideneck.app.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.core.init.NetworkWeights;

/**
 * Imports initial weights from float64 C-order .npy files (SPEC §3, §8.2): g's layers W1 (n×d0), W2 … W_L (n×n) and
 * W{L+1} (d×n) for L hidden layers, then U (n×d) and V (dr×n).
 */
public final class WeightsLoader {
    private WeightsLoader() {}

    /** The weights of a network whose g has gDepth hidden layers, in dir (a local path or a Hadoop URI). */
    public static NetworkWeights load(String dir, int d0, int dr, int gDepth, HadoopConf conf) {
        FileStore p = FileStores.open(dir, conf);
        boolean isDir;
        try {
            isDir = p.isDirectory("");
        } catch (IOException | RuntimeException e) {
            throw new UserError("init.npy-dir '" + dir + "' cannot be reached: " + FileStores.oneLine(e));
        }
        if (!isDir) throw new UserError("init.npy-dir '" + dir + "' is not a directory");
        NpyArray w1 = matrix(p, "W1", conf);
        int n = w1.rows();
        expect(p, "W1", w1, n, d0, "(n, d0) with d0 = " + d0 + " input features");
        double[][] g = new double[gDepth + 1][];
        g[0] = w1.values();
        for (int l = 1; l < gDepth; l++) {
            String name = NetworkWeights.layerName(l);
            NpyArray a = matrix(p, name, conf);
            expect(p, name, a, n, n, "(n, n) = (" + n + ", " + n + ") for a hidden layer of g (model.g-depth = " + gDepth + ")");
            g[l] = a.values();
        }
        String outName = NetworkWeights.layerName(gDepth);
        NpyArray out = matrix(p, outName, conf);
        int d = out.rows();
        expect(p, outName, out, d, n, "(d, n) with n = " + n + " from W1");
        g[gDepth] = out.values();
        NpyArray u = matrix(p, "U", conf), v = matrix(p, "V", conf);
        expect(p, "U", u, n, d, "(n, d) = (" + n + ", " + d + ") from W1 and " + outName);
        expect(p, "V", v, dr, n, "(dr, n) with dr = " + dr + " outputs");
        return new NetworkWeights(n, d0, d, dr, g, u.values(), v.values());
    }

    /** The files' locations in dir (provenance) for g of gDepth hidden layers. */
    public static List<String> files(String dir, int gDepth, HadoopConf conf) {
        FileStore p = FileStores.open(dir, conf);
        List<String> out = new ArrayList<>();
        for (int l = 0; l <= gDepth; l++) out.add(p.locate(NetworkWeights.layerName(l) + ".npy"));
        out.add(p.locate("U.npy"));
        out.add(p.locate("V.npy"));
        return out;
    }

    private static NpyArray matrix(FileStore dir, String name, HadoopConf conf) {
        String f = dir.locate(name + ".npy");
        boolean there;
        try {
            there = dir.isFile(name + ".npy");
        } catch (IOException | RuntimeException e) {
            there = true; // let the reader say what is wrong
        }
        if (!there) throw new UserError("init.npy-dir: '" + f + "' does not exist (the directory needs W1.npy … U.npy, V.npy)");
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

package org.wideneck.app.data;

import java.nio.file.Path;
import org.wideneck.app.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.core.sim.Dataset;
import org.wideneck.core.sim.Problem;

/** Builds the {@link Problem} a config asks for, validating shapes and values. */
public final class DataLoader {
    private DataLoader() {}

    public static Problem load(WideneckConfig.Data cfg) {
        return switch (cfg.source()) {
            case SYNTHETIC -> {
                WideneckConfig.Synthetic s = cfg.synthetic();
                yield SyntheticDeepGp.generate(cfg.seed(), s.trainSize(), s.testSize(), s.inputDim(), s.hiddenDim(),
                        s.outputDim(), s.features());
            }
            case NPY -> fromNpy(cfg.npy());
        };
    }

    static Problem fromNpy(WideneckConfig.NpyFiles f) {
        NpyArray trX = Npy.read(Path.of(f.trainX())), trY = Npy.read(Path.of(f.trainY()));
        NpyArray teX = Npy.read(Path.of(f.testX())), teY = Npy.read(Path.of(f.testY()));
        checkInputs("data.npy.train-x", f.trainX(), trX);
        checkInputs("data.npy.test-x", f.testX(), teX);
        if (trX.cols() != teX.cols()) {
            throw new UserError("data.npy.test-x '" + f.testX() + "' has " + teX.cols() + " features per point but data.npy.train-x has " + trX.cols());
        }
        boolean labels = trY.shape().length == 1;
        if (labels != (teY.shape().length == 1)) {
            throw new UserError("data.npy.train-y and data.npy.test-y must both be class labels (1-D) or both target matrices (2-D); they are "
                    + trY.shapeString() + " and " + teY.shapeString());
        }
        int d0 = trX.cols();
        if (labels) {
            int[] trL = labelsOf("data.npy.train-y", f.trainY(), trY, trX.rows());
            int[] teL = labelsOf("data.npy.test-y", f.testY(), teY, teX.rows());
            int classes = 0;
            for (int l : trL) classes = Math.max(classes, l + 1);
            for (int i = 0; i < teL.length; i++) {
                if (teL[i] >= classes) {
                    throw new UserError("data.npy.test-y '" + f.testY() + "': label " + teL[i] + " at index " + i
                            + " does not occur in the training labels (0.." + (classes - 1) + ")");
                }
            }
            if (classes < 2) throw new UserError("data.npy.train-y '" + f.trainY() + "' has only one class");
            return new Problem(oneHot(trX, trL, classes), oneHot(teX, teL, classes));
        }
        checkTargets("data.npy.train-y", f.trainY(), trY, trX.rows());
        checkTargets("data.npy.test-y", f.testY(), teY, teX.rows());
        if (trY.cols() != teY.cols()) {
            throw new UserError("data.npy.test-y '" + f.testY() + "' has " + teY.cols() + " outputs per point but data.npy.train-y has " + trY.cols());
        }
        return new Problem(new Dataset(trX.rows(), d0, trY.cols(), trX.values(), trY.values(), null),
                new Dataset(teX.rows(), d0, teY.cols(), teX.values(), teY.values(), null));
    }

    private static void checkInputs(String key, String file, NpyArray a) {
        if (a.shape().length != 2) throw new UserError(key + " '" + file + "' has shape " + a.shapeString() + "; expected (N, d0)");
        if (a.integral() && !a.dtype().endsWith("u1")) {
            throw new UserError(key + " '" + file + "' has dtype '" + a.dtype() + "'; expected float32 or float64");
        }
        if (a.rows() < 1 || a.cols() < 1) throw new UserError(key + " '" + file + "' is empty (shape " + a.shapeString() + ")");
        finite(key, file, a);
    }

    private static void checkTargets(String key, String file, NpyArray a, int rows) {
        if (a.shape().length != 2) throw new UserError(key + " '" + file + "' has shape " + a.shapeString() + "; expected (N, dr) or (N,) labels");
        if (a.rows() != rows) throw new UserError(key + " '" + file + "' has " + a.rows() + " rows but its inputs have " + rows);
        if (a.integral()) throw new UserError(key + " '" + file + "' is a 2-D integer array; targets must be float, labels 1-D");
        finite(key, file, a);
    }

    private static int[] labelsOf(String key, String file, NpyArray a, int rows) {
        if (!a.integral()) throw new UserError(key + " '" + file + "' is 1-D with dtype '" + a.dtype() + "'; class labels must be integers");
        if (a.rows() != rows) throw new UserError(key + " '" + file + "' has " + a.rows() + " labels but its inputs have " + rows + " rows");
        int[] l = new int[rows];
        for (int i = 0; i < rows; i++) {
            double v = a.values()[i];
            if (v < 0 || v > 100000) throw new UserError(key + " '" + file + "': label " + (long) v + " at index " + i + " is not a class index ≥ 0");
            l[i] = (int) v;
        }
        return l;
    }

    private static void finite(String key, String file, NpyArray a) {
        double[] v = a.values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                int c = a.cols();
                throw new UserError(key + " '" + file + "' holds " + v[i] + " at row " + (i / c) + ", column " + (i % c));
            }
        }
    }

    static Dataset oneHot(NpyArray x, int[] labels, int classes) {
        double[] y = new double[labels.length * classes];
        for (int i = 0; i < labels.length; i++) y[i * classes + labels[i]] = 1.0;
        return new Dataset(x.rows(), x.cols(), classes, x.values(), y, labels);
    }
}

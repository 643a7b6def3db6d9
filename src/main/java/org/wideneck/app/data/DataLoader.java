package org.wideneck.app.data;

import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.init.Seeds;

/** Builds the {@link Problem} a config asks for, validating shapes and values. */
public final class DataLoader {
    private DataLoader() {}

    /** The data of a local config (tests): files on the local file system or reachable with Hadoop's defaults. */
    public static Problem load(WideneckConfig.Data cfg) {
        return load(cfg, HadoopConf.defaults());
    }

    /** The data a config asks for; its files may be local paths or Hadoop URIs, opened with conf. */
    public static Problem load(WideneckConfig.Data cfg, HadoopConf conf) {
        return prepare(cfg, conf).problem();
    }

    /** The points a run trains and is tested on, and what was done to their inputs (a model does it to new points). */
    public record Prepared(Problem problem, InputTransform transform) {}

    /** As {@link #load}, with the input transform. */
    public static Prepared prepare(WideneckConfig.Data cfg, HadoopConf conf) {
        return switch (cfg.source()) {
            case SYNTHETIC -> {
                WideneckConfig.Synthetic s = cfg.synthetic();
                Problem p = SyntheticDeepGp.generate(cfg.seed(), s.trainSize(), s.testSize(), s.inputDim(), s.hiddenDim(),
                        s.outputDim(), s.features());
                yield new Prepared(p, standardize(cfg.standardize(), p.train(), p.test()));
            }
            case NPY -> selectAndStandardize(cfg, fromNpy(cfg.npy(), conf));
            case MNIST -> images(cfg, idx(FileStores.open(cfg.dir(), conf).resolve("mnist"), "", "mnist", conf));
            case FASHION_MNIST -> images(cfg, idx(FileStores.open(cfg.dir(), conf).resolve("fashion-mnist"), ".gz", "fashion-mnist", conf));
            case CIFAR10 -> images(cfg, cifar(FileStores.open(cfg.dir(), conf).resolve("cifar-10-batches-bin"), conf));
            case SPARK -> throw new IllegalStateException("data.source = spark is read through the Spark session (SparkData)");
        };
    }

    /**
     * The files a data config reads (none for synthetic data; a Spark source's paths may be directories of
     * part files and are recorded by SparkData), for provenance: the locations of those that exist.
     */
    public static java.util.List<String> inputFiles(WideneckConfig.Data cfg, HadoopConf conf) {
        java.util.List<String> out = new java.util.ArrayList<>();
        switch (cfg.source()) {
            case SYNTHETIC, SPARK -> { }
            case NPY -> out.addAll(java.util.List.of(cfg.npy().trainX(), cfg.npy().trainY(), cfg.npy().testX(), cfg.npy().testY()));
            case MNIST, FASHION_MNIST -> {
                String dir = cfg.source() == WideneckConfig.Source.MNIST ? "mnist" : "fashion-mnist";
                String sfx = cfg.source() == WideneckConfig.Source.MNIST ? "" : ".gz";
                FileStore d = FileStores.open(cfg.dir(), conf).resolve(dir);
                for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
                    out.add(d.locate(f + sfx));
                }
            }
            case CIFAR10 -> {
                FileStore d = FileStores.open(cfg.dir(), conf).resolve("cifar-10-batches-bin");
                for (int b = 1; b <= 5; b++) out.add(d.locate("data_batch_" + b + ".bin"));
                out.add(d.locate("test_batch.bin"));
            }
        }
        out.removeIf(p -> !FileStores.inputExists(p, conf));
        return out;
    }

    /** Pixels (unsigned bytes, count×pixels) and labels of a split, as read from the original files. */
    record Raw(byte[] pixels, int[] labels, int pixelsPerImage) {
        int count() {
            return labels.length;
        }
    }

    record RawPair(Raw train, Raw test) {}

    /** The location of file in dir; a user error saying which command fetches the data set when it is absent. */
    private static String requirePresent(FileStore dir, String name, String file, HadoopConf conf) {
        String at = dir.locate(file);
        if (!FileStores.inputExists(at, conf)) {
            throw new UserError(name + " is not in '" + dir.location() + "' (no " + file + "); run: datasets/fetch " + name);
        }
        return at;
    }

    static RawPair idx(FileStore dir, String suffix, String name, HadoopConf conf) {
        String trI = requirePresent(dir, name, "train-images-idx3-ubyte" + suffix, conf), trL = requirePresent(dir, name, "train-labels-idx1-ubyte"
                + suffix, conf);
        String teI = requirePresent(dir, name, "t10k-images-idx3-ubyte" + suffix, conf), teL = requirePresent(dir, name, "t10k-labels-idx1-ubyte"
                + suffix, conf);
        return new RawPair(idxSplit(trI, trL, conf), idxSplit(teI, teL, conf));
    }

    private static Raw idxSplit(String images, String labels, HadoopConf conf) {
        Idx.Array im = Idx.read(images, conf, 3), lb = Idx.read(labels, conf, 1);
        if (im.count() != lb.count()) {
            throw new UserError("'" + images + "' has " + im.count() + " images but '" + labels + "' has " + lb.count() + " labels");
        }
        int[] l = new int[lb.count()];
        for (int i = 0; i < l.length; i++) {
            l[i] = lb.data()[i] & 0xff;
            if (l[i] > 9) throw new UserError("'" + labels + "': label " + l[i] + " at index " + i + " is not a digit class");
        }
        return new Raw(im.data(), l, im.itemSize());
    }

    static RawPair cifar(FileStore dir, HadoopConf conf) {
        java.util.List<CifarBinary.Batch> batches = new java.util.ArrayList<>();
        for (int b = 1; b <= 5; b++) batches.add(CifarBinary.read(requirePresent(dir, "cifar10", "data_batch_" + b + ".bin", conf), conf));
        String t = requirePresent(dir, "cifar10", "test_batch.bin", conf);
        int n = 0;
        for (CifarBinary.Batch b : batches) n += b.labels().length;
        byte[] px = new byte[n * CifarBinary.PIXELS];
        int[] lb = new int[n];
        int o = 0;
        for (CifarBinary.Batch b : batches) {
            System.arraycopy(b.pixels(), 0, px, o * CifarBinary.PIXELS, b.pixels().length);
            System.arraycopy(b.labels(), 0, lb, o, b.labels().length);
            o += b.labels().length;
        }
        CifarBinary.Batch test = CifarBinary.read(t, conf);
        return new RawPair(new Raw(px, lb, CifarBinary.PIXELS), new Raw(test.pixels(), test.labels(), CifarBinary.PIXELS));
    }

    /**
     * Class selection (labels remapped to 0..k−1 in the configured order), seeded subsets, scaling to
     * [0, 1], optional per-feature standardisation with the training statistics, one-hot targets.
     */
    static Prepared images(WideneckConfig.Data cfg, RawPair raw) {
        if (raw.train().pixelsPerImage() != raw.test().pixelsPerImage()) {
            throw new UserError("data: the training images have " + raw.train().pixelsPerImage() + " pixels each but the test images "
                    + raw.test().pixelsPerImage() + " (files from different data sets in " + cfg.dir() + "?)");
        }
        java.util.List<Integer> classes = cfg.classes();
        int k = classes.isEmpty() ? 10 : classes.size();
        int[] trRows = select(raw.train(), classes, cfg.trainSize(), cfg.seed(), "train", "data.train-size");
        int[] teRows = select(raw.test(), classes, cfg.testSize(), cfg.seed(), "test", "data.test-size");
        Dataset train = toDataset(raw.train(), trRows, classes, k);
        Dataset test = toDataset(raw.test(), teRows, classes, k);
        return new Prepared(new Problem(train, test), standardize(cfg.standardize(), train, test));
    }

    /**
     * data.standardize applied to the inputs of both splits with the training statistics ({@link InputTransform};
     * for MNIST-like data see docs/runs.md: global keeps nearly constant border pixels from becoming outliers).
     * Modifies both x arrays; returns what it did.
     */
    static InputTransform standardize(WideneckConfig.Standardize mode, Dataset train, Dataset test) {
        InputTransform t = InputTransform.fit(mode, train);
        t.apply(train);
        t.apply(test);
        return t;
    }

    private static int[] select(Raw r, java.util.List<Integer> classes, int size, long seed, String split, String key) {
        return select(r.labels(), classes, size, seed, split, key);
    }

    /**
     * The rows to keep: those whose label is in classes (all when classes is empty; every listed class must
     * occur), then a seeded random subset of size of them (0 = all; more than there are is an error).
     * labels may be null (regression: no class selection).
     */
    static int[] select(int[] labels, java.util.List<Integer> classes, int size, long seed, String split, String key) {
        int count = labels.length;
        int[] keep = java.util.stream.IntStream.range(0, count)
                .filter(i -> classes.isEmpty() || classes.contains(labels[i])).toArray();
        for (int c : classes) {
            boolean found = false;
            for (int i : keep) {
                if (labels[i] == c) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                throw new UserError("config: data.classes = " + classes + ": class " + c + " has no " + split + " points (labels present: "
                        + java.util.Arrays.stream(labels).distinct().sorted().boxed().toList() + ")");
            }
        }
        if (size == 0 || size >= keep.length) {
            if (size > keep.length) {
                throw new UserError("config: " + key + " = " + size + " but only " + keep.length + " " + split + " points are available");
            }
            return keep;
        }
        int[] perm = Seeds.permutation(Seeds.stream(seed, "subset-" + split, keep.length), keep.length);
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) rows[i] = keep[perm[i]];
        java.util.Arrays.sort(rows);
        return rows;
    }

    private static Dataset toDataset(Raw r, int[] rows, java.util.List<Integer> classes, int k) {
        int p = r.pixelsPerImage();
        double[] x = new double[rows.length * p];
        double[] y = new double[rows.length * k];
        int[] labels = new int[rows.length];
        byte[] px = r.pixels();
        // pixels to doubles on every core, 1024 images a task (each value on its own: the same bits): the first
        // touch of the 376 MB array of MNIST's training inputs is most of the data load on this project's VM
        java.util.stream.IntStream.range(0, (rows.length + 1023) / 1024).parallel().forEach(b -> {
            for (int i = b * 1024; i < Math.min(rows.length, (b + 1) * 1024); i++) {
                int src = rows[i];
                for (int j = 0; j < p; j++) x[i * p + j] = (px[src * p + j] & 0xff) / 255.0;
            }
        });
        for (int i = 0; i < rows.length; i++) {
            int src = rows[i];
            int l = classes.isEmpty() ? r.labels()[src] : classes.indexOf(r.labels()[src]);
            labels[i] = l;
            y[i * k + l] = 1.0;
        }
        return new Dataset(rows.length, p, k, x, y, labels);
    }

    /** data.classes (labels only), data.train-size / test-size and data.standardize on .npy or Spark data. */
    public static Prepared selectAndStandardize(WideneckConfig.Data cfg, Problem p) {
        Dataset train = subset(p.train(), cfg, "train", "data.train-size", cfg.trainSize());
        Dataset test = subset(p.test(), cfg, "test", "data.test-size", cfg.testSize());
        return new Prepared(new Problem(train, test), standardize(cfg.standardize(), train, test));
    }

    private static Dataset subset(Dataset ds, WideneckConfig.Data cfg, String split, String key, int size) {
        java.util.List<Integer> classes = cfg.classes();
        if (!classes.isEmpty() && ds.labels() == null) {
            throw new UserError("config: data.classes = " + classes + " needs class labels, but the " + split
                    + " targets are a matrix (give integer class labels, or drop data.classes)");
        }
        if (classes.isEmpty() && size == 0) return ds;
        int[] labels = ds.labels() != null ? ds.labels() : new int[ds.size()];
        int[] rows = select(labels, classes, size, cfg.seed(), split, key);
        if (classes.isEmpty()) return ds.subset(rows);
        int k = classes.size();
        double[] y = new double[rows.length * k];
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = classes.indexOf(ds.labels()[rows[i]]);
            y[i * k + l[i]] = 1.0;
        }
        return new Dataset(rows.length, ds.d0(), k, ds.gatherX(rows, 0, rows.length), y, l);
    }

    static Problem fromNpy(WideneckConfig.NpyFiles f, HadoopConf conf) {
        NpyArray trX = Npy.read(f.trainX(), conf), trY = Npy.read(f.trainY(), conf);
        NpyArray teX = Npy.read(f.testX(), conf), teY = Npy.read(f.testY(), conf);
        checkInputs("data.npy.train-x", f.trainX(), trX);
        checkInputs("data.npy.test-x", f.testX(), teX);
        trX = scaledBytes(trX);
        teX = scaledBytes(teX);
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

    /** uint8 inputs are pixel values: scaled to [0, 1] like the image readers' (others unchanged). */
    public static NpyArray scaledBytes(NpyArray a) {
        if (!a.dtype().endsWith("u1")) return a;
        double[] v = a.values().clone();
        for (int i = 0; i < v.length; i++) v[i] /= 255.0;
        return new NpyArray(a.shape(), a.dtype(), v);
    }

    private static void checkTargets(String key, String file, NpyArray a, int rows) {
        if (a.shape().length != 2) throw new UserError(key + " '" + file + "' has shape " + a.shapeString() + "; expected (N, dr) or (N,) labels");
        if (a.cols() < 1) throw new UserError(key + " '" + file + "' has shape " + a.shapeString() + ": no target columns (dr must be ≥ 1)");
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

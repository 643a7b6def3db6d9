package org.wideneck.app.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.spark.PredictJob;

/**
 * {@code data.source = spark}: the training and test sets read through the Spark session from any format
 * Spark reads (Parquet, CSV, LibSVM, JSON, ORC, …) on any Hadoop file system, then checked like every other
 * source (shapes, finiteness, classes) before anything runs. Features are an MLlib vector column
 * ({@code org.apache.spark.ml.linalg}, dense or sparse), a numeric array column, or — with
 * {@code features-col = "*"} — every column but the label's; labels are class indices (one-hot targets) or
 * targets (a number, or a vector or array of several), as {@link WideneckConfig.LabelType} says. The rows
 * keep the order Spark reads them in (deterministic for the same files; with several files, Spark's split
 * order), and are collected to the driver, which broadcasts them like any other data.
 */
public final class SparkData {
    private SparkData() {}

    /** One split as read: features (rows×d0), label values (rows×labelWidth), and how the labels were typed. */
    private record Split(String key, String path, int rows, int d0, double[] x, int labelWidth, double[] label, boolean integralLabels,
                         boolean vectorLabels) {}

    /** The problem the config's data.spark names, with data.classes, subsets and standardisation applied. */
    public static Problem load(SparkSession spark, WideneckConfig.Data cfg) {
        return prepare(spark, cfg).problem();
    }

    /** As {@link #load}, with the input transform data.standardize made. */
    public static DataLoader.Prepared prepare(SparkSession spark, WideneckConfig.Data cfg) {
        WideneckConfig.SparkSource s = cfg.spark();
        DataLoader.Prepared d = problem(read(spark, s, s.trainPath(), "data.spark.train-path"), read(spark, s, s.testPath(), "data.spark.test-path"),
                s, cfg);
        Problem p = d.problem();
        boolean classes = p.train().classification();
        System.out.printf(Locale.ROOT, "wideneck: data.source = spark: %d train / %d test rows of %d features (column '%s'); labels '%s' as %s%n",
                p.train().size(), p.test().size(), p.d0(), s.featuresCol(), s.labelCol(),
                classes ? "class indices (" + p.dr() + " classes, one-hot targets)" : p.dr() + " regression target(s)");
        return d;
    }

    private static DataLoader.Prepared problem(Split tr, Split te, WideneckConfig.SparkSource s, WideneckConfig.Data cfg) {
        if (te.rows() == 0) te = new Split(te.key(), te.path(), 0, tr.d0(), new double[0], tr.labelWidth(), new double[0], tr.integralLabels(),
                tr.vectorLabels());
        if (tr.d0() != te.d0()) {
            throw new UserError("data.spark.test-path '" + te.path() + "' has " + te.d0() + " features per point but data.spark.train-path has " + tr.d0());
        }
        boolean classes = switch (s.labelType()) {
            case CLASS -> true;
            case TARGET -> false;
            case AUTO -> !tr.vectorLabels() && (tr.integralLabels() || wholeAndNonNegative(tr, s));
        };
        Problem p;
        if (classes) {
            int[] trL = classLabels(tr, s), teL = classLabels(te, s);
            int k = 0;
            for (int l : trL) k = Math.max(k, l + 1);
            if (k < 2) throw new UserError("data.spark.train-path '" + tr.path() + "' has only one class in column '" + s.labelCol() + "'");
            for (int i = 0; i < teL.length; i++) {
                if (teL[i] >= k) {
                    throw new UserError("data.spark.test-path '" + te.path() + "': label " + teL[i] + " at row " + i
                            + " does not occur in the training labels (0.." + (k - 1) + ")");
                }
            }
            p = new Problem(oneHot(tr, trL, k), oneHot(te, teL, k));
        } else {
            if (tr.labelWidth() != te.labelWidth()) {
                throw new UserError("data.spark.test-path '" + te.path() + "' has " + te.labelWidth() + " targets per point but data.spark.train-path has "
                        + tr.labelWidth());
            }
            p = new Problem(new Dataset(tr.rows(), tr.d0(), tr.labelWidth(), tr.x(), tr.label(), null),
                    new Dataset(te.rows(), te.d0(), te.labelWidth(), te.x(), te.label(), null));
        }
        return DataLoader.selectAndStandardize(cfg, p);
    }

    private static boolean wholeAndNonNegative(Split sp, WideneckConfig.SparkSource s) {
        for (int i = 0; i < sp.rows(); i++) {
            double v = sp.label()[i];
            if (v < 0 || v != Math.rint(v)) {
                throw new UserError(sp.key() + " '" + sp.path() + "': label column '" + s.labelCol() + "' holds " + v + " at row " + i
                        + ", not a class index; set data.spark.label-type = target for regression targets");
            }
        }
        return true;
    }

    private static int[] classLabels(Split sp, WideneckConfig.SparkSource s) {
        if (sp.vectorLabels()) {
            throw new UserError(sp.key() + " '" + sp.path() + "': label column '" + s.labelCol() + "' holds vectors, which cannot be class indices "
                    + "(data.spark.label-type = class); use target");
        }
        int[] l = new int[sp.rows()];
        for (int i = 0; i < l.length; i++) {
            double v = sp.label()[i];
            if (v < 0 || v > 100000 || v != Math.rint(v)) {
                throw new UserError(sp.key() + " '" + sp.path() + "': label " + v + " at row " + i + " of column '" + s.labelCol()
                        + "' is not a class index (a whole number ≥ 0)");
            }
            l[i] = (int) v;
        }
        return l;
    }

    private static Dataset oneHot(Split sp, int[] labels, int k) {
        double[] y = new double[labels.length * k];
        for (int i = 0; i < labels.length; i++) y[i * k + labels[i]] = 1.0;
        return new Dataset(sp.rows(), sp.d0(), k, sp.x(), y, labels);
    }

    private static boolean numeric(DataType t) {
        return t instanceof NumericType;
    }

    private static boolean vectorLike(DataType t) {
        return t instanceof VectorUDT || (t instanceof ArrayType a && numeric(a.elementType()));
    }

    private static Split read(SparkSession spark, WideneckConfig.SparkSource s, String path, String key) {
        org.apache.spark.sql.Dataset<Row> df;
        try {
            df = spark.read().format(s.format()).options(s.options()).load(path);
        } catch (Exception e) { // AnalysisException (no such path, unknown format) is checked in Scala, undeclared here
            throw new UserError("config: " + key + " = \"" + path + "\": Spark cannot read it as " + s.format() + ": " + describeFailure(e));
        }
        return split(df, s, path, key);
    }

    /**
     * The problem in a data frame that is already read (Spark ML's fit): features and labels as the source
     * says, the test split from the rows where testCol is true (null: no test points), then data.classes,
     * subsets and standardisation as for every source. Errors name {@code what} as the data's location.
     */
    public static DataLoader.Prepared prepare(org.apache.spark.sql.Dataset<Row> df, WideneckConfig.Data cfg, String testCol, String what) {
        WideneckConfig.SparkSource s = cfg.spark();
        org.apache.spark.sql.Dataset<Row> train = df, test = df.limit(0);
        if (testCol != null) {
            if (!Arrays.asList(df.schema().fieldNames()).contains(testCol) || df.schema().apply(testCol).dataType() != DataTypes.BooleanType) {
                throw new UserError("validationIndicatorCol = \"" + testCol + "\" is not a boolean column of " + what);
            }
            train = df.filter(org.apache.spark.sql.functions.not(df.col(testCol)));
            test = df.filter(df.col(testCol));
        }
        return problem(split(train, s, what, "training rows"), split(test, s, what, "test rows"), s, cfg);
    }

    private static Split split(org.apache.spark.sql.Dataset<Row> df, WideneckConfig.SparkSource s, String path, String key) {
        StructType schema = df.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(s.labelCol())) {
            throw new UserError("config: data.spark.label-col = \"" + s.labelCol() + "\": '" + path + "' has no such column (columns: "
                    + String.join(", ", names) + ")");
        }
        DataType labelType = schema.apply(s.labelCol()).dataType();
        if (!numeric(labelType) && !vectorLike(labelType)) {
            throw new UserError("config: data.spark.label-col = \"" + s.labelCol() + "\": column of '" + path + "' has type "
                    + labelType.simpleString() + "; labels must be numbers, vectors or numeric arrays");
        }
        List<String> featureCols = featureColumns(schema, s.featuresCol(), s.labelCol(), path, "data.spark.features-col");
        List<org.apache.spark.sql.Column> cols = new ArrayList<>();
        for (String c : featureCols) cols.add(df.col(c));
        cols.add(df.col(s.labelCol()));
        List<double[][]> rows;
        try {
            rows = df.select(cols.toArray(new org.apache.spark.sql.Column[0])).javaRDD().map(SparkData::values).collect();
        } catch (Exception e) {
            throw new UserError("config: " + key + " = \"" + path + "\": Spark could not read its rows: " + describeFailure(e));
        }
        if (rows.isEmpty() && !key.equals("test rows")) throw new UserError("config: " + key + " = \"" + path + "\" holds no rows");
        int d0 = rows.isEmpty() ? 0 : rows.get(0)[0] == null ? -1 : rows.get(0)[0].length;
        int lw = rows.isEmpty() ? 0 : rows.get(0)[1] == null ? -1 : rows.get(0)[1].length;
        double[] x = new double[Math.max(0, d0) * rows.size()];
        double[] label = new double[Math.max(0, lw) * rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[][] r = rows.get(i);
            if (r[0] == null) throw new UserError(key + " '" + path + "': row " + i + " has no features (null)");
            if (r[1] == null) throw new UserError(key + " '" + path + "': row " + i + " has no label (null in column '" + s.labelCol() + "')");
            if (r[0].length != d0) {
                throw new UserError(key + " '" + path + "': row " + i + " has " + r[0].length + " features but row 0 has " + d0);
            }
            if (r[1].length != lw) throw new UserError(key + " '" + path + "': row " + i + " has " + r[1].length + " label values but row 0 has " + lw);
            if (d0 == 0) throw new UserError(key + " '" + path + "': the features are empty vectors");
            if (lw == 0) throw new UserError(key + " '" + path + "': the labels are empty vectors (dr must be ≥ 1)");
            for (int j = 0; j < d0; j++) {
                if (!Double.isFinite(r[0][j])) throw new UserError(key + " '" + path + "' holds " + r[0][j] + " at row " + i + ", feature " + j);
            }
            for (int j = 0; j < lw; j++) {
                if (!Double.isFinite(r[1][j])) throw new UserError(key + " '" + path + "' holds label " + r[1][j] + " at row " + i);
            }
            System.arraycopy(r[0], 0, x, i * d0, d0);
            System.arraycopy(r[1], 0, label, i * lw, lw);
        }
        boolean integral = labelType == DataTypes.ByteType || labelType == DataTypes.ShortType || labelType == DataTypes.IntegerType
                || labelType == DataTypes.LongType;
        return new Split(key, path, rows.size(), d0, x, lw, label, integral, vectorLike(labelType));
    }

    /**
     * The columns that hold the features: featuresCol itself (an MLlib vector or a numeric array), or for "*"
     * every column but {@code except}, each numeric. A user error naming key and path otherwise.
     */
    public static List<String> featureColumns(StructType schema, String featuresCol, String except, String path, String key) {
        List<String> names = Arrays.asList(schema.fieldNames());
        List<String> out = new ArrayList<>();
        if (featuresCol.equals("*")) {
            for (StructField f : schema.fields()) {
                if (f.name().equals(except)) continue;
                if (!numeric(f.dataType())) {
                    throw new UserError("config: " + key + " = \"*\": column '" + f.name() + "' of '" + path + "' has type "
                            + f.dataType().simpleString() + ", not a number (CSV needs options { inferSchema = true })");
                }
                out.add(f.name());
            }
            if (out.isEmpty()) throw new UserError("config: " + key + " = \"*\": '" + path + "' has no column besides the labels");
            return out;
        }
        if (!names.contains(featuresCol)) {
            throw new UserError("config: " + key + " = \"" + featuresCol + "\": '" + path + "' has no such column (columns: "
                    + String.join(", ", names) + ")");
        }
        DataType ft = schema.apply(featuresCol).dataType();
        if (!vectorLike(ft)) {
            throw new UserError("config: " + key + " = \"" + featuresCol + "\": column of '" + path + "' has type "
                    + ft.simpleString() + "; features must be an MLlib vector or a numeric array (or \"*\" for numeric columns)");
        }
        out.add(featuresCol);
        return out;
    }

    /**
     * The features of every row of df (in order) as arrays, checked on the executors: d0 values each, all
     * finite, none null — a bad row fails the job with a message naming it (see {@link #rowProblem}).
     */
    public static org.apache.spark.api.java.JavaRDD<PredictJob.Point> features(org.apache.spark.sql.Dataset<Row> df,
                                                                                                   List<String> cols, String keyCol, int d0) {
        List<org.apache.spark.sql.Column> cs = new ArrayList<>();
        for (String c : cols) cs.add(df.col(c));
        cs.add(org.apache.spark.sql.functions.lit(0)); // a label slot, so values() reads the features as it does for training data
        if (keyCol != null) cs.add(df.col(keyCol));
        return df.select(cs.toArray(new org.apache.spark.sql.Column[0])).javaRDD().map(row -> {
            Row r = row;
            Object key = null;
            if (keyCol != null) {
                key = r.get(r.length() - 1);
                Object[] v = new Object[r.length() - 1];
                for (int i = 0; i < v.length; i++) v[i] = r.get(i);
                r = org.apache.spark.sql.RowFactory.create(v);
            }
            double[] f = values(r)[0];
            if (f == null) throw new IllegalArgumentException(ROW_PROBLEM + "a row has no features (null)");
            if (f.length != d0) throw new IllegalArgumentException(ROW_PROBLEM + "a row has " + f.length + " features, the model " + d0);
            for (int j = 0; j < d0; j++) {
                if (!Double.isFinite(f[j])) throw new IllegalArgumentException(ROW_PROBLEM + "a row holds " + f[j] + " at feature " + j);
            }
            return new PredictJob.Point(f, key);
        });
    }

    /** The start of the message of a row {@link #features} refuses. */
    public static final String ROW_PROBLEM = "bad input row: ";

    /** The problem a failed job reports about a bad row, or null when it failed for another reason. */
    public static String rowProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains(ROW_PROBLEM)) {
                String rest = m.substring(m.indexOf(ROW_PROBLEM) + ROW_PROBLEM.length());
                int nl = rest.indexOf('\n');
                return nl < 0 ? rest : rest.substring(0, nl);
            }
        }
        return null;
    }

    /** A row's features (all columns but the last, flattened) and label values (the last), null where a value is null. */
    private static double[][] values(Row r) {
        int last = r.length() - 1;
        double[] f;
        if (last == 1 && !(r.get(0) instanceof Number)) {
            f = r.isNullAt(0) ? null : flat(r.get(0));
        } else {
            f = new double[last];
            for (int i = 0; i < last; i++) {
                if (r.isNullAt(i)) return new double[][] {null, null};
                f[i] = ((Number) r.get(i)).doubleValue();
            }
        }
        return new double[][] {f, r.isNullAt(last) ? null : flat(r.get(last))};
    }

    /** A cell of features or labels as numbers: a number, an MLlib vector (dense or sparse), or a numeric array. */
    public static double[] flat(Object o) {
        if (o instanceof Number n) return new double[] {n.doubleValue()};
        if (o instanceof Vector v) return v.toArray();
        if (o instanceof scala.collection.Seq<?> seq) {
            double[] out = new double[seq.size()];
            for (int i = 0; i < out.length; i++) {
                Object e = seq.apply(i);
                out[i] = e == null ? Double.NaN : ((Number) e).doubleValue();
            }
            return out;
        }
        if (o instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) out[i] = list.get(i) == null ? Double.NaN : ((Number) list.get(i)).doubleValue();
            return out;
        }
        throw new IllegalArgumentException("not a number, vector or array: " + o.getClass().getName());
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c;
    }

    /**
     * The files a data.spark source reads, for provenance and {@code --resume}'s check: each path that is a
     * file, or the data files below a directory (names starting with '_' or '.' are Spark's bookkeeping);
     * glob patterns are not expanded (not recorded).
     */
    public static List<String> inputFiles(WideneckConfig.SparkSource s, HadoopConf conf) {
        List<String> out = new ArrayList<>();
        for (String path : new String[] {s.trainPath(), s.testPath()}) {
            if (path.contains("*") || path.contains("?") || path.contains("[") || path.contains("{")) continue;
            FileStore dir = FileStores.open(path, conf);
            try {
                if (dir.isDirectory("")) collect(dir, "", out);
                else if (FileStores.inputExists(path, conf)) out.add(path);
            } catch (IOException e) {
                throw new UserError("cannot list '" + path + "': " + FileStores.oneLine(e));
            }
        }
        return out;
    }

    private static void collect(FileStore dir, String rel, List<String> out) throws IOException {
        for (String name : dir.list(rel)) {
            if (name.startsWith("_") || name.startsWith(".")) continue;
            String r = rel.isEmpty() ? name : rel + "/" + name;
            if (dir.isDirectory(r)) collect(dir, r, out);
            else out.add(dir.locate(r));
        }
    }

    /**
     * What went wrong underneath a Spark failure, in one line: the innermost cause (a task's exception travels inside
     * "Job aborted due to stage failure: …"), a value that is not a number said so.
     */
    static String describeFailure(Throwable e) {
        Throwable c = rootCause(e);
        if (c instanceof NumberFormatException) return "a value is not a number (" + FileStores.oneLine(c) + ")";
        return c == e ? FileStores.oneLine(e) : c.getClass().getSimpleName() + ": " + FileStores.oneLine(c);
    }
}

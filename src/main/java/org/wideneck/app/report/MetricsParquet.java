package org.wideneck.app.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * {@code metrics.parquet}: the rows of metrics.csv as one Parquet file, so a notebook or Spark SQL can query
 * a sweep directly ({@code spark.read.parquet("…/metrics.parquet")}, {@code pandas.read_parquet}). One row
 * per width, seed, step and split, with the run's learning rate: columns {@code width} (string: d or "inf"),
 * {@code seed} (long), {@code learning_rate} (double), {@code step} (int), {@code split} ("train"/"test"),
 * {@code loss}, {@code accuracy} (null for regression), {@code wall_seconds}. Written by the driver next to
 * metrics.csv each time that is (through the same atomic write), never by executors.
 */
public final class MetricsParquet {
    public static final String NAME = "metrics.parquet";

    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("width")
            .required(PrimitiveTypeName.INT64).named("seed")
            .optional(PrimitiveTypeName.DOUBLE).named("learning_rate")
            .required(PrimitiveTypeName.INT32).named("step")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("split")
            .required(PrimitiveTypeName.DOUBLE).named("loss")
            .optional(PrimitiveTypeName.DOUBLE).named("accuracy")
            .required(PrimitiveTypeName.DOUBLE).named("wall_seconds")
            .named("wideneck_metrics");

    private MetricsParquet() {}

    /**
     * The Parquet bytes of a metrics.csv text.
     *
     * @param rates μ of each run by "width,seed" (a run without one gets a null learning_rate)
     */
    public static byte[] bytes(String metricsCsv, Map<String, Double> rates) throws IOException {
        Buffer out = new Buffer();
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(out).withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
            String[] lines = metricsCsv.split("\n");
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isEmpty()) continue;
                String[] f = lines[i].split(",", -1);
                Group g = groups.newGroup().append("width", f[0]).append("seed", Long.parseLong(f[1]));
                Double mu = rates.get(f[0] + "," + f[1]);
                if (mu != null) g.append("learning_rate", mu);
                g.append("step", Integer.parseInt(f[2])).append("split", f[3]).append("loss", Double.parseDouble(f[4]));
                if (!f[5].isEmpty()) g.append("accuracy", Double.parseDouble(f[5]));
                g.append("wall_seconds", Double.parseDouble(f[6]));
                w.write(g);
            }
        }
        return out.bytes.toByteArray();
    }

    /** An in-memory Parquet output (the file is small; the store then writes it whole). */
    private static final class Buffer implements OutputFile {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return bytes.size();
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.write(b, off, len);
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            bytes.reset();
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}

package org.wideneck.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.core.data.Problem;
import org.wideneck.app.files.HadoopConf;

class DataLoaderTest {
    @TempDir
    Path tmp;

    private WideneckConfig.NpyFiles files() {
        return new WideneckConfig.NpyFiles(tmp.resolve("trx.npy").toString(), tmp.resolve("try.npy").toString(),
                tmp.resolve("tex.npy").toString(), tmp.resolve("tey.npy").toString());
    }

    private void write(double[] trx, int n, int d0, long[] trl, double[] tex, int nt, long[] tel) throws IOException {
        Npy.writeFloat32(tmp.resolve("trx.npy"), trx, n, d0);
        Npy.writeInt64(tmp.resolve("try.npy"), trl, n);
        Npy.writeFloat32(tmp.resolve("tex.npy"), tex, nt, d0);
        Npy.writeInt64(tmp.resolve("tey.npy"), tel, nt);
    }

    @Test
    void integerLabelsBecomeOneHotTargets() throws IOException {
        write(new double[] {1, 2, 3, 4, 5, 6}, 3, 2, new long[] {0, 2, 1}, new double[] {0, 1}, 1, new long[] {2});
        Problem p = DataLoader.fromNpy(files(), HadoopConf.defaults());
        assertEquals(3, p.dr());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, p.train().y(), 0.0);
        assertArrayEquals(new int[] {2}, p.test().labels());
        assertTrue(p.train().classification());
    }

    @Test
    void badDataIsAClearError() throws IOException {
        write(new double[] {1, Double.NaN, 3, 4}, 2, 2, new long[] {0, 1}, new double[] {0, 1}, 1, new long[] {1});
        String nan = assertThrows(UserError.class, () -> DataLoader.fromNpy(files(), HadoopConf.defaults())).getMessage();
        assertTrue(nan.contains("data.npy.train-x") && nan.contains("NaN") && nan.contains("row 0, column 1"), nan);

        write(new double[] {1, 2, 3, 4}, 2, 2, new long[] {0, 1}, new double[] {0, 1}, 1, new long[] {5});
        String label = assertThrows(UserError.class, () -> DataLoader.fromNpy(files(), HadoopConf.defaults())).getMessage();
        assertTrue(label.contains("label 5"), label);

        write(new double[] {1, 2, 3, 4}, 2, 2, new long[] {0, 1}, new double[] {0, 1}, 1, new long[] {1});
        Npy.writeFloat32(tmp.resolve("tex.npy"), new double[] {0, 1, 2}, 1, 3);
        String shape = assertThrows(UserError.class, () -> DataLoader.fromNpy(files(), HadoopConf.defaults())).getMessage();
        assertTrue(shape.contains("data.npy.test-x") && shape.contains("3 features"), shape);

        Npy.writeFloat32(tmp.resolve("tex.npy"), new double[] {0, 1}, 1, 2);
        Npy.writeInt64(tmp.resolve("try.npy"), new long[] {0, 1, 1}, 3);
        String rows = assertThrows(UserError.class, () -> DataLoader.fromNpy(files(), HadoopConf.defaults())).getMessage();
        assertTrue(rows.contains("3 labels") && rows.contains("2 rows"), rows);
    }

    private WideneckConfig.Data npyCfg(java.util.List<Integer> classes, int trainSize, WideneckConfig.Standardize std) {
        return new WideneckConfig.Data(WideneckConfig.Source.NPY, 3, null, files(), null, "", trainSize, 0, classes, std);
    }

    /** data.classes on .npy labels keeps those classes and renumbers them in the listed order, checked value by value. */
    @Test
    void classesSubsetsAndStandardisationApplyToNpyData() throws IOException {
        // points i = 0..5 with x = (i, 10 i), labels 0, 1, 2, 0, 1, 2
        write(new double[] {0, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5, 50}, 6, 2, new long[] {0, 1, 2, 0, 1, 2},
                new double[] {7, 70, 8, 80}, 2, new long[] {2, 1});
        Problem p = DataLoader.load(npyCfg(java.util.List.of(2, 1), 0, WideneckConfig.Standardize.NONE));
        // kept: points 1, 2, 4, 5 (labels 1, 2, 1, 2) → classes 2 → 0 and 1 → 1
        assertEquals(4, p.train().size());
        assertArrayEquals(new double[] {1, 10, 2, 20, 4, 40, 5, 50}, p.train().x(), 0.0);
        assertArrayEquals(new int[] {1, 0, 1, 0}, p.train().labels());
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 1, 1, 0}, p.train().y(), 0.0);
        assertArrayEquals(new int[] {0, 1}, p.test().labels());
        // a seeded subset of the requested size
        Problem sub = DataLoader.load(npyCfg(java.util.List.of(), 3, WideneckConfig.Standardize.NONE));
        assertEquals(3, sub.train().size());
        assertEquals(2, sub.test().size());
        // global standardisation with the training statistics: mean 0, sd 1 over all training inputs
        Problem g = DataLoader.load(npyCfg(java.util.List.of(), 0, WideneckConfig.Standardize.GLOBAL));
        double m = 0, v = 0;
        for (double x : g.train().x()) m += x / 12;
        for (double x : g.train().x()) v += (x - m) * (x - m) / 12;
        assertEquals(0, m, 1e-12);
        assertEquals(1, v, 1e-12);
    }

    @Test
    void uint8InputsAreScaledToTheUnitInterval() throws IOException {
        write(new double[] {1, 2, 3, 4}, 2, 2, new long[] {0, 1}, new double[] {0, 1}, 1, new long[] {1});
        java.nio.file.Files.write(tmp.resolve("trx.npy"), uint8Npy(new byte[] {0, (byte) 255, 51, (byte) 204}, 2, 2));
        Problem p = DataLoader.fromNpy(files(), HadoopConf.defaults());
        assertArrayEquals(new double[] {0, 1, 0.2, 0.8}, p.train().x(), 1e-15);
    }

    /** A uint8 .npy file, written here byte by byte as NumPy lays it out (version 1.0 header padded to 64). */
    static byte[] uint8Npy(byte[] data, int rows, int cols) {
        String h = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        StringBuilder sb = new StringBuilder(h);
        while ((10 + sb.length() + 1) % 64 != 0) sb.append(' ');
        sb.append('\n');
        byte[] head = sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + head.length + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        b.putShort((short) head.length).put(head).put(data);
        return b.array();
    }
}

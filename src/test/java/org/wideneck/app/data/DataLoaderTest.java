package org.wideneck.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.core.sim.Problem;

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
        Problem p = DataLoader.fromNpy(files());
        assertEquals(3, p.dr());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, p.train().y(), 0.0);
        assertArrayEquals(new int[] {2}, p.test().labels());
        assertTrue(p.train().classification());
    }

    @Test
    void badDataIsAClearError() throws IOException {
        write(new double[] {1, Double.NaN, 3, 4}, 2, 2, new long[] {0, 1}, new double[] {0, 1}, 1, new long[] {1});
        String nan = assertThrows(UserError.class, () -> DataLoader.fromNpy(files())).getMessage();
        assertTrue(nan.contains("data.npy.train-x") && nan.contains("NaN") && nan.contains("row 0, column 1"), nan);

        write(new double[] {1, 2, 3, 4}, 2, 2, new long[] {0, 1}, new double[] {0, 1}, 1, new long[] {5});
        String label = assertThrows(UserError.class, () -> DataLoader.fromNpy(files())).getMessage();
        assertTrue(label.contains("label 5"), label);

        write(new double[] {1, 2, 3, 4}, 2, 2, new long[] {0, 1}, new double[] {0, 1}, 1, new long[] {1});
        Npy.writeFloat32(tmp.resolve("tex.npy"), new double[] {0, 1, 2}, 1, 3);
        String shape = assertThrows(UserError.class, () -> DataLoader.fromNpy(files())).getMessage();
        assertTrue(shape.contains("data.npy.test-x") && shape.contains("3 features"), shape);

        Npy.writeFloat32(tmp.resolve("tex.npy"), new double[] {0, 1}, 1, 2);
        Npy.writeInt64(tmp.resolve("try.npy"), new long[] {0, 1, 1}, 3);
        String rows = assertThrows(UserError.class, () -> DataLoader.fromNpy(files())).getMessage();
        assertTrue(rows.contains("3 labels") && rows.contains("2 rows"), rows);
    }
}

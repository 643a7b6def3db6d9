package org.wideneck.app.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wideneck.app.config.UserError;

/**
 * One contract for both file stores — the local one (java.nio) and the Hadoop one, here on Hadoop's local
 * file system (file://; the HDFS integration test runs the same code against a real namenode): whole-file
 * writes that replace, listing, deletion, and the lock that keeps a second sweep out.
 */
class FileStoreContractTest {
    @TempDir
    static Path tmp;

    static Stream<String> kinds() {
        return Stream.of("local", "hadoop");
    }

    static FileStore store(String kind, String name) {
        Path dir = tmp.resolve(kind + "-" + name);
        return kind.equals("local") ? FileStores.local(dir) : new HadoopFileStore(dir.toUri().toString(), HadoopConf.defaults());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void filesAreWrittenWholeReplacedListedAndDeleted(String kind) throws IOException {
        FileStore s = store(kind, "files");
        assertFalse(s.exists(""));
        assertEquals(List.of(), s.list(""));
        s.writeString("a/b.txt", "first");
        assertTrue(s.isDirectory("a") && s.isFile("a/b.txt") && !s.isFile("a"));
        s.writeString("a/b.txt", "second, longer");
        assertEquals("second, longer", s.readString("a/b.txt"));
        assertEquals(14, s.size("a/b.txt"));
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        s.write("big.bin", out -> out.write(big));
        assertArrayEquals(big, s.read("big.bin"));
        assertEquals(List.of("a", "big.bin"), s.list(""), "no temporary file is left");
        assertEquals(List.of("b.txt"), s.resolve("a").list(""));
        assertEquals(s.locate("a/b.txt"), s.resolve("a").locate("b.txt"));
        assertEquals(kind + "-files", s.name());
        s.delete("big.bin");
        s.delete("big.bin"); // absent: nothing
        s.deleteRecursively("a");
        assertEquals(List.of(), s.list(""));
        assertThrows(IOException.class, () -> s.read("none"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aFailedWriteLeavesTheOldFile(String kind) throws IOException {
        FileStore s = store(kind, "failed");
        s.writeString("m.csv", "old");
        assertThrows(IOException.class, () -> s.write("m.csv", out -> {
            out.write("new, half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", s.readString("m.csv"));
        assertEquals(List.of("m.csv"), s.list(""));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aLockedDirectoryRefusesASecondSweepUntilReleased(String kind) throws IOException {
        FileStore s = store(kind, "lock");
        try (FileStore.Lock l = s.lock()) {
            UserError e = assertThrows(UserError.class, s::lock);
            assertTrue(e.getMessage().contains("in use by another wideneck command"), e.getMessage());
        }
        s.lock().close(); // released: a second lock is had
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void writabilityIsCheckedBeforeAnythingIsWritten(String kind) throws IOException {
        FileStore s = store(kind, "check");
        s.checkWritable("output.dir");
        assertFalse(s.exists(""), "checking makes nothing");
        s.writeString("f", "x");
        String onFile = assertThrows(UserError.class, () -> s.resolve("f").checkWritable("output.dir")).getMessage();
        assertTrue(onFile.contains("is a file"), onFile);
        String below = assertThrows(UserError.class, () -> s.resolve("f/g").checkWritable("output.dir")).getMessage();
        assertTrue(below.contains("which is a file"), below);
    }

    /** A Hadoop lock whose holder stopped renewing it (a killed sweep) is taken over once stale; a fresh one is not. */
    @org.junit.jupiter.api.Test
    void aStaleHadoopLockIsTakenOver() throws IOException {
        FileStore s = store("hadoop", "stale");
        s.mkdirs("");
        s.writeString(HadoopFileStore.LOCK, "held by a killed sweep\n");
        assertThrows(UserError.class, s::lock, "a lock written just now is held");
        Path file = tmp.resolve("hadoop-stale").resolve(HadoopFileStore.LOCK);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - (HadoopFileStore.STALE_SECONDS + 5) * 1000L));
        try (FileStore.Lock l = s.lock()) {
            assertTrue(s.readString(HadoopFileStore.LOCK).contains("pid " + ProcessHandle.current().pid()));
        }
        assertFalse(s.isFile(HadoopFileStore.LOCK), "released: the lock file is gone");
    }

    @org.junit.jupiter.api.Test
    void locationsWithoutASchemeOrWithFileAreLocal() {
        assertTrue(FileStores.open("out/x", HadoopConf.defaults()) instanceof LocalFileStore);
        assertTrue(FileStores.open("file:///tmp/x", HadoopConf.defaults()) instanceof LocalFileStore);
        assertTrue(FileStores.open("hdfs://namenode:8020/x", HadoopConf.defaults()) instanceof HadoopFileStore);
        assertTrue(FileStores.remote("s3a://bucket/x") && !FileStores.remote("/tmp/x") && !FileStores.remote("file:/tmp/x"));
        FileStores.FileRef f = FileStores.file("hdfs://namenode:8020/data/train.npy", HadoopConf.defaults());
        assertEquals("train.npy", f.name());
        assertEquals("hdfs://namenode:8020/data/train.npy", f.location());
        String missing = assertThrows(UserError.class, () -> FileStores.readInput(tmp.resolve("none.npy").toString(), HadoopConf.defaults())).getMessage();
        assertTrue(missing.contains("does not exist"), missing);
        String scheme = assertThrows(UserError.class, () -> FileStores.readInput("nosuchfs://x/y.npy", HadoopConf.defaults())).getMessage();
        assertTrue(scheme.contains("nosuchfs"), scheme);
    }
}

package org.wideneck.app.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.wideneck.core.checkpoint.CheckpointStore;

/**
 * One run's checkpoints as files {@code <dir>/step-<step>.ckpt} on the local file system (in cluster
 * sweep mode the executor that runs the width writes them, so the output directory must be shared):
 * written as {@code .tmp}, flushed to the device, renamed into place, the directory synced, then all but
 * the newest {@link #KEEP} removed.
 */
public final class CheckpointFiles implements CheckpointStore {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("step-(\\d{9})\\.ckpt");
    private final String dir;

    public CheckpointFiles(Path dir) {
        this.dir = dir.toString();
    }

    /** The stores of a sweep: {@code <outputDir>/checkpoints/<run key>}, a checkpoint every {@code every} steps. */
    public static Factory under(Path outputDir, int every) {
        String root = outputDir.resolve("checkpoints").toString();
        return new Factory() {
            private static final long serialVersionUID = 1L;

            @Override
            public CheckpointStore forRun(String runKey) {
                return new CheckpointFiles(Path.of(root, runKey));
            }

            @Override
            public int every() {
                return every;
            }
        };
    }

    @Override
    public void write(int step, Body body) throws IOException {
        Path d = Path.of(dir);
        Files.createDirectories(d);
        Path target = d.resolve(String.format("step-%09d.ckpt", step));
        Path tmp = d.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
            body.writeTo(out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(d);
        List<Entry> all = entries();
        for (Entry e : all.subList(Math.min(KEEP, all.size()), all.size())) Files.deleteIfExists(d.resolve(e.name()));
    }

    private static void syncDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced; the rename is still atomic
        }
    }

    @Override
    public List<Entry> entries() throws IOException {
        Path d = Path.of(dir);
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(d)) return out;
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) out.add(new Entry(Integer.parseInt(m.group(1)), p.getFileName().toString(), Files.size(p)));
            }
        }
        out.sort(Comparator.comparingInt(Entry::step).reversed());
        return out;
    }

    @Override
    public InputStream open(Entry e) throws IOException {
        return Files.newInputStream(Path.of(dir, e.name()));
    }

    @Override
    public void clear() throws IOException {
        Path d = Path.of(dir);
        if (!Files.isDirectory(d)) return;
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(d);
        Path parent = d.getParent();
        try (Stream<Path> rest = Files.list(parent)) {
            if (rest.findAny().isEmpty()) Files.deleteIfExists(parent);
        } catch (IOException ignored) {
            // another run's checkpoints may still be there
        }
    }
}

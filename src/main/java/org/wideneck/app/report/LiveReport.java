package org.wideneck.app.report;

import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.wideneck.app.files.FileStore;

/**
 * A sweep's report while it runs: every few seconds (and never taking more than a twentieth of a core), for each
 * output directory whose rows changed, report.html and its loss curves are redrawn from the finished runs' rows and the running runs' rows so far
 * ({@link ProgressRows}), under a banner with the runs done, running (and how far) and waiting; metrics.parquet then holds the same rows. The
 * final report replaces it when the sweep ends ({@link #close} first removes the progress files).
 */
public final class LiveReport implements AutoCloseable {
    /** Seconds between looks at the progress files, at least. */
    static final int PERIOD = 5;
    /** A redraw waits at least this many times as long as the last one took, so drawing takes ≤ 5% of a core. */
    static final int QUIET = 20;

    /** One output directory of the sweep: its outputs and how many runs it has in all. */
    public record Group(RunOutputs outputs, int runs) {}

    private final List<Group> groups;
    private final Map<FileStore, String> drawn = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private long notBefore;

    /** Starts looking; the progress files of an earlier attempt at this sweep are removed first. */
    public LiveReport(List<Group> groups) {
        this.groups = List.copyOf(groups);
        for (Group g : groups) clear(g.outputs().dir());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wideneck-live-report");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 1, PERIOD, TimeUnit.SECONDS);
    }

    /** Redraws every directory whose rows changed since it was last drawn. */
    void refresh() {
        if (System.nanoTime() - notBefore < 0) return;
        long t0 = System.nanoTime();
        for (Group g : groups) {
            try {
                refresh(g);
            } catch (IOException | RuntimeException e) {
                // a view only: the next look tries again, the final report is drawn regardless
            }
        }
        notBefore = System.nanoTime() + QUIET * (System.nanoTime() - t0);
    }

    private void refresh(Group g) throws IOException {
        FileStore dir = g.outputs().dir();
        StringBuilder csv = new StringBuilder(g.outputs().metricsText());
        Map<String, Double> rates = new LinkedHashMap<>(g.outputs().rates());
        List<String> running = new ArrayList<>();
        for (String name : dir.list(ProgressRows.DIR)) {
            if (!name.endsWith(".csv")) continue;
            String text;
            try {
                text = dir.readString(ProgressRows.DIR + "/" + name);
            } catch (IOException e) {
                continue; // removed as its run ended
            }
            List<String> lines = text.lines().toList();
            if (lines.isEmpty() || !lines.get(0).startsWith("# step ")) continue;
            String[] first = lines.size() > 1 ? lines.get(1).split(",", 3) : new String[0];
            if (first.length < 3 || g.outputs().has(first[0], Long.parseLong(first[1]))) continue; // ended: its rows are in metrics.csv
            String head = lines.get(0).substring(2);
            int lr = head.indexOf(", lr ");
            if (lr > 0) rates.put(first[0] + "," + first[1], Double.parseDouble(head.substring(lr + 5)));
            running.add("width " + first[0] + " seed " + first[1] + ": " + (lr > 0 ? head.substring(0, lr) : head));
            for (String l : lines.subList(1, lines.size())) csv.append(l).append('\n');
        }
        String rows = csv.toString();
        if (rows.equals(drawn.get(dir)) || rows.lines().count() < 2) return;
        int done = g.outputs().ended(), waiting = Math.max(0, g.runs() - done - running.size());
        String banner = String.format(Locale.ROOT, "%d of %d run(s) done, %d running%s, %d waiting; drawn at %s, the page reloads every 30 s "
                        + "and the final report replaces it when the sweep ends.", done, g.runs(), running.size(),
                running.isEmpty() ? "" : " (" + String.join("; ", running) + ")", waiting,
                LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")));
        Report.writeInProgress(dir, rows, banner);
        g.outputs().writeParquetView(rows, rates);
        drawn.put(dir, rows);
    }

    /** Stops looking, removes the progress files, and leaves metrics.parquet with metrics.csv's rows again. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Group g : groups) {
            clear(g.outputs().dir());
            if (drawn.containsKey(g.outputs().dir())) {
                try {
                    g.outputs().writeParquet();
                } catch (RuntimeException e) {
                    // the next finished run, or submit/report, writes it again
                }
            }
        }
    }

    private static void clear(FileStore dir) {
        try {
            dir.deleteRecursively(ProgressRows.DIR);
        } catch (IOException e) {
            // a leftover view: the next sweep or resume removes it
        }
    }
}

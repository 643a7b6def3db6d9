package org.wideneck.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's report.html as a user opens it, in a real headless browser (Debian's chromium, which submit/test
 * installs as the launchers install BLAS): after the sweep's first evaluation it exists, says it is in progress and
 * its figures load; when the sweep ends the final report has replaced it and its figures load. A screenshot of each
 * is checked to be a drawn page, not a blank one.
 */
class ReportBrowserIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Pattern LOADED = Pattern.compile("data-figures-loaded=\"(\\d+)/(\\d+)\"");

    @TempDir
    Path tmp;

    static String browser() {
        for (String b : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(b))) return b;
        }
        throw new AssertionError("no chromium: submit/test installs it (apt-get install chromium) when run as root on Debian/Ubuntu");
    }

    /** The page after its load event, as the browser has it. */
    static String dom(Path html) throws Exception {
        Process p = new ProcessBuilder(browser(), "--headless=new", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000", "--dump-dom",
                html.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return out;
    }

    static void figuresLoad(Path html, int atLeast) throws Exception {
        Matcher m = LOADED.matcher(dom(html));
        assertTrue(m.find(), "the page's load script did not run: " + html);
        int loaded = Integer.parseInt(m.group(1)), all = Integer.parseInt(m.group(2));
        assertEquals(all, loaded, "figures that did not load in " + html);
        assertTrue(all >= atLeast, all + " figures in " + html);
    }

    /** A screenshot of the page, checked to hold more than one colour in plenty of pixels. */
    static void drawn(Path html, Path png) throws Exception {
        Process p = new ProcessBuilder(browser(), "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1600",
                "--screenshot=" + png, html.toUri().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        BufferedImage img = ImageIO.read(png.toFile());
        int bg = img.getRGB(0, 0), other = 0;
        for (int y = 0; y < img.getHeight(); y += 4) for (int x = 0; x < img.getWidth(); x += 4) if (img.getRGB(x, y) != bg) other++;
        assertTrue(other > 5000, "the screenshot is almost blank: " + png);
    }

    @Test
    void theReportRendersWhileTheSweepRunsAndWhenItEnds() throws Exception {
        Path conf = tmp.resolve("tiny.conf"), out = tmp.resolve("out"), go = tmp.resolve("go");
        Files.writeString(conf, "data.synthetic { train-size = 80, test-size = 40, input-dim = 5, features = 300 }\n"
                + "model.widths = [inf, 4]\ninit { width = 200, inf-width = 100 }\n"
                + "train { steps = 40, eval-every = 10, learning-rate = 1.0, batch-size = 10 }\nspark.master = \"local[2]\"\n");
        ProcessBuilder pb = new ProcessBuilder(List.of("submit/local", conf.toString(), "output.dir=" + out)).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("sweep.log").toFile());
        pb.environment().put("WIDENECK_NO_BUILD", "1");
        pb.environment().put("WIDENECK_NO_APT", "1");
        pb.environment().put("WIDENECK_JAVA_OPTS", "-Xmx2g");
        pb.environment().put("WIDENECK_DEBUG_HOLD", "20:" + go); // every run waits after step 20 until go exists
        Process sweep = pb.start();
        Path html = out.resolve("report.html");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(Files.exists(html) && Files.readString(html).contains("id=\"in-progress\"") && Files.readString(html).contains("step 20 of 40"))) {
            assertTrue(sweep.isAlive() && System.nanoTime() < deadline, "no report in progress: " + Files.readString(tmp.resolve("sweep.log")));
            Thread.sleep(250);
        }
        assertFalse(Files.exists(out.resolve("metrics.csv")), "no run has finished yet");
        figuresLoad(html, 2);
        drawn(html, tmp.resolve("in-progress.png"));
        Files.writeString(go, "");
        assertTrue(sweep.waitFor(180, TimeUnit.SECONDS), "the sweep did not end");
        assertEquals(0, sweep.exitValue(), Files.readString(tmp.resolve("sweep.log")));
        String last = Files.readString(html);
        assertFalse(last.contains("id=\"in-progress\""), "the final report replaced the one in progress");
        assertTrue(last.contains("Acceleration against inf"), "the final report has its acceleration table");
        assertFalse(Files.exists(out.resolve("progress")), "the progress files are removed");
        figuresLoad(html, 4);
        drawn(html, tmp.resolve("final.png"));
    }
}

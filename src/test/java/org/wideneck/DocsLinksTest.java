package org.wideneck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link and image of README.md, CHANGELOG.md and docs/*.md resolves to a file inside the repository (a
 * clone has nothing outside it), and the front page stays a front page: at most 250 lines, no dates, sessions or
 * issue numbers.
 */
class DocsLinksTest {
    static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)|<img[^>]*\\ssrc=\"([^\"]+)\"");

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CHANGELOG.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The links of a markdown text that point into the repository (not web addresses, not anchors of the page itself). */
    static List<String> broken(Path page, String text) {
        List<String> bad = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String target = m.group(1) != null ? m.group(1) : m.group(2);
            if (target.matches("^[a-z][a-z0-9+.-]*:.*") || target.startsWith("#")) continue;
            String file = target.replaceFirst("#.*$", "");
            Path resolved = page.getParent().resolve(file).normalize();
            if (!resolved.startsWith(ROOT)) bad.add(target + " (outside the repository)");
            else if (!Files.exists(resolved)) bad.add(target + " (no such file)");
        }
        return bad;
    }

    @Test
    void everyRelativeLinkAndImageResolvesInsideTheRepository() throws IOException {
        List<String> bad = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            String text = Files.readString(page);
            links += (int) LINK.matcher(text).results().count();
            for (String b : broken(page, text)) bad.add(ROOT.relativize(page) + ": " + b);
        }
        assertEquals(List.of(), bad, "broken links");
        assertTrue(links > 30, "the pages link to each other and to their figures: " + links);
    }

    @Test
    void aBrokenLinkAndALinkOutsideTheRepositoryAreFound() {
        Path page = ROOT.resolve("docs/example.md");
        assertEquals(List.of("missing.md (no such file)", "../../shared/SPEC.md (outside the repository)"),
                broken(page, "see [x](missing.md), [y](../../shared/SPEC.md), [z](theory.md#kernels), [w](https://example.org), [v](#top)"));
    }

    @Test
    void theFrontPageIsAFrontPage() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertTrue(lines.size() <= 250, "README.md has " + lines.size() + " lines");
        Pattern history = Pattern.compile("20[0-9]{2}-[01][0-9]-[0-3][0-9]|\\bsession\\b|\\bissue\\s*[0-9#]|\\bissue-[0-9]", Pattern.CASE_INSENSITIVE);
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(!history.matcher(lines.get(i)).find(), "README.md line " + (i + 1) + " names a date, session or issue: " + lines.get(i));
        }
    }
}

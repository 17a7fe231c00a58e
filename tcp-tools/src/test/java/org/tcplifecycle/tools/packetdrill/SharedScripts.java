package org.tcplifecycle.tools.packetdrill;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the packetdrill conformance scripts kept beside the repository, in
 * {@code <repository>/../shared/conformance/packetdrill/gtests}. They are data under their own licence and
 * are read in place, never copied; tests that need them are skipped when the directory is absent.
 */
final class SharedScripts {

    private SharedScripts() {
    }

    /** The gtests directory, or null when it is not there. */
    static Path root() {
        return rootFrom(Path.of("").toAbsolutePath());
    }

    /** The gtests directory beside the repository that contains {@code start}, or null. */
    static Path rootFrom(Path start) {
        Path dir = start;
        while (dir != null && !(Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("tcp-api")))) {
            dir = dir.getParent();
        }
        if (dir == null || dir.getParent() == null) {
            return null;
        }
        Path gtests = dir.getParent().resolve("shared/conformance/packetdrill/gtests");
        return Files.isDirectory(gtests) ? gtests : null;
    }

    /** The gtests directory; skips the calling test when it is absent. */
    static Path requireRoot() {
        Path r = root();
        assumeTrue(r != null, "../shared/conformance/packetdrill is not present");
        return r;
    }

    /** Every .pkt file under the gtests directory, sorted; skips the calling test when it is absent. */
    static List<Path> all() {
        Path r = requireRoot();
        try (Stream<Path> s = Files.walk(r)) {
            return s.filter(p -> p.toString().endsWith(".pkt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One script by its path relative to gtests, parsed; skips the calling test when it is absent. */
    static Script parse(String relative) {
        return ScriptParser.parse(requireRoot().resolve(relative));
    }

    /** The path relative to gtests with forward slashes. */
    static String name(Path p) {
        return requireRoot().relativize(p).toString().replace('\\', '/');
    }
}

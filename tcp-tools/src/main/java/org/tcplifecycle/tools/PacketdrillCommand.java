package org.tcplifecycle.tools;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.tcplifecycle.tools.packetdrill.Outcome;
import org.tcplifecycle.tools.packetdrill.PacketdrillRunner;
import org.tcplifecycle.tools.packetdrill.Profile;
import org.tcplifecycle.tools.packetdrill.Script;
import org.tcplifecycle.tools.packetdrill.ScriptParser;
import org.tcplifecycle.tools.packetdrill.ScriptSyntaxException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tcp-tools packetdrill [--profile linux|rfc] SCRIPT.pkt...}: runs packetdrill scripts against the
 * engine and prints one line per script and a summary. Exit code 0 when no script failed, 1 when one
 * did, 2 when a script could not be read or parsed.
 */
@Command(name = "packetdrill", mixinStandardHelpOptions = true,
        description = "Run packetdrill scripts against the engine: PASS, FAIL (line, expected and sent packet) or SKIP.")
public final class PacketdrillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profile", description = "Policy set: linux (the defaults the scripts assume) or rfc (default ${DEFAULT-VALUE}).")
    String profile = "linux";

    @Option(names = {"-v", "--verbose"}, description = "Also print how sysctls and socket options were mapped.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "SCRIPT.pkt", description = "Scripts to run.")
    List<Path> scripts;

    @Override
    public Integer call() {
        Profile p = switch (profile.toLowerCase(java.util.Locale.ROOT)) {
            case "linux" -> Profile.LINUX;
            case "rfc" -> Profile.RFC;
            default -> throw new Main.UsageException("unknown profile '" + profile + "' (linux or rfc)");
        };
        PrintWriter out = spec.commandLine().getOut();
        PacketdrillRunner runner = new PacketdrillRunner(p);
        int passed = 0, failed = 0, skipped = 0, errors = 0;
        for (Path path : scripts) {
            Script s;
            try {
                if (!Files.isRegularFile(path)) {
                    throw new Main.UsageException(Files.isDirectory(path) ? "a directory, not a script" : "no such file");
                }
                s = ScriptParser.parse(path);
            } catch (ScriptSyntaxException | Main.UsageException | java.io.UncheckedIOException e) {
                out.println("ERROR " + path + ": " + e.getMessage());
                errors++;
                continue;
            }
            Outcome o;
            try {
                o = runner.run(s);
            } catch (ScriptSyntaxException e) {
                out.println("ERROR " + path + ": " + e.getMessage());
                errors++;
                continue;
            }
            out.println(o.report());
            if (verbose) o.notes().forEach(n -> out.println("  note: " + n));
            switch (o.status()) {
                case PASS -> passed++;
                case FAIL -> failed++;
                case SKIP -> skipped++;
            }
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "")
                + (errors > 0 ? ", " + errors + " unreadable" : ""));
        out.flush();
        return errors > 0 ? Main.USAGE : failed > 0 ? Main.CHECK_FAILED : Main.OK;
    }
}

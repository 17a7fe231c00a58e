package org.tcplifecycle.tools;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import picocli.CommandLine;

/** Runs a command in-process with captured output, as a user would from the shell. */
public record Run(int code, String out, String err) {

    public static Run of(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A capture kept in the test resources. */
    public static Path capture(String name) {
        return Path.of("src", "test", "resources", "captures", name);
    }

    public static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, program);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }
}

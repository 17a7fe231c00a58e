package org.tcplifecycle.tools;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tcp-tools}: the command line. Exit codes: 0 success, 1 a check failed or a mismatch was found,
 * 2 bad usage or unreadable input (with a one-line reason).
 */
@Command(name = "tcp-tools", mixinStandardHelpOptions = true, version = "tcp-tools 0.1.0",
        description = "The life of a TCP connection: demo, replay, states, simulate, diagram, packetdrill.",
        subcommands = {DemoCommand.class, org.tcplifecycle.tools.replay.ReplayCommand.class,
                org.tcplifecycle.tools.states.StatesCommand.class, org.tcplifecycle.tools.diagram.DiagramCommand.class,
                PacketdrillCommand.class, SimulateCommand.class,
                org.tcplifecycle.tools.tun.TunEchoCommand.class, org.tcplifecycle.tools.tun.TunConnectCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Build the command line (tests call this to run commands in-process). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UsageException) {
                cmd.getErr().println("tcp-tools " + cmd.getCommandName() + ": " + ex.getMessage());
                return USAGE;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("tcp-tools: " + ex.getMessage());
            return USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Bad usage or unreadable input: reported as one line, exit code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}

package org.tcplifecycle.tools.packetdrill;

/**
 * A script that does not follow the packetdrill syntax, or breaks one of its rules (for example a time
 * range on an inbound packet). The message names the source, the line and the column.
 */
public final class ScriptSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    public ScriptSyntaxException(String source, int line, int column, String reason) {
        super(source + ": line " + line + ", column " + column + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** Name of the script as given to the parser (usually its file name). */
    public String source() {
        return source;
    }

    /** 1-based line of the offending token. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending token. */
    public int column() {
        return column;
    }

    /** The message without the location prefix. */
    public String reason() {
        return reason;
    }
}

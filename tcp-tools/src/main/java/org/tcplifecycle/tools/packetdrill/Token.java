package org.tcplifecycle.tools.packetdrill;

/**
 * One lexical token of a packetdrill script.
 *
 * @param kind        token class
 * @param text        the exact source text of the token
 * @param value       processed content: the inside of a string, back-quoted command or code block, or the
 *                    value of a {@code --name=value} option (null when the option has no value); otherwise
 *                    equal to {@code text}
 * @param line        1-based line of the first character
 * @param column      1-based column of the first character
 * @param start       offset of the first character in the source
 * @param end         offset just past the last character
 * @param spaceBefore whether whitespace or a comment separates this token from the previous one
 */
record Token(Kind kind, String text, String value, int line, int column, int start, int end, boolean spaceBefore) {

    enum Kind {
        /** Decimal or {@code 0x} hexadecimal integer without sign. */
        INT,
        /** Decimal number with a fraction, e.g. {@code 0.1} or {@code .1}. */
        FLOAT,
        /** Identifier-like run of letters, digits and underscores that is not all digits. */
        WORD,
        /** Double-quoted string. */
        STRING,
        /** Back-quoted shell command. */
        BACKQUOTE,
        /** {@code %{ ... }%} code block. */
        CODE,
        /** {@code --name} or {@code --name=value} option. */
        OPTION,
        /** {@code ...}. */
        ELLIPSIS,
        /** Dotted-quad IPv4 or colon-separated IPv6 address. */
        ADDRESS,
        /** Any other single character. */
        PUNCT,
        /** End of input. */
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isPunct(char c) {
        return kind == Kind.PUNCT && text.charAt(0) == c;
    }

    boolean isWord(String w) {
        return kind == Kind.WORD && text.equals(w);
    }

    /** How the token is shown in an error message. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of script";
            case BACKQUOTE -> "shell command";
            case CODE -> "code block";
            case STRING -> "string " + text;
            default -> "'" + text + "'";
        };
    }
}

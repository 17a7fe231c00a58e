package org.tcplifecycle.tools.packetdrill;

import java.util.ArrayList;
import java.util.List;

import org.tcplifecycle.tools.packetdrill.Token.Kind;

/**
 * Splits a packetdrill script into tokens. Comments ({@code //} to end of line, {@code /* ... *}{@code /})
 * and whitespace are dropped; whether they preceded a token is kept in {@link Token#spaceBefore()}.
 *
 * <p>Minus signs are never folded into numbers, so {@code -} (the "no flags" spelling) and {@code -1}
 * (a return value) are told apart by the parser, not here.
 */
final class Lexer {

    private final String src;
    private final String source;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src, String source) {
        this.src = src;
        this.source = source;
    }

    static List<Token> tokenize(String text, String source) {
        return new Lexer(text, source).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        boolean space = true;
        while (true) {
            space |= skipSpaceAndComments();
            if (pos >= src.length()) {
                out.add(new Token(Kind.EOF, "", "", line, pos - lineStart + 1, pos, pos, true));
                return out;
            }
            out.add(next(space));
            space = false;
        }
    }

    /** Skips whitespace and comments; true if anything was skipped. */
    private boolean skipSpaceAndComments() {
        int from = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                newline();
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '/' && peekChar(1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peekChar(1) == '*') {
                int l = line;
                int col = pos - lineStart + 1;
                pos += 2;
                while (pos < src.length() && !(src.charAt(pos) == '*' && peekChar(1) == '/')) {
                    advance();
                }
                if (pos >= src.length()) {
                    throw new ScriptSyntaxException(source, l, col, "unterminated /* comment");
                }
                pos += 2;
            } else {
                break;
            }
        }
        return pos > from;
    }

    private Token next(boolean space) {
        int start = pos;
        int l = line;
        int col = pos - lineStart + 1;
        char c = src.charAt(pos);

        if (c == '%' && peekChar(1) == '{') {
            int close = src.indexOf("}%", pos + 2);
            if (close < 0) {
                throw new ScriptSyntaxException(source, l, col, "unterminated %{ code block (no closing }%)");
            }
            while (pos < close + 2) {
                advance();
            }
            String inner = stripBlanks(src.substring(start + 2, close));
            return token(Kind.CODE, start, inner, l, col, space);
        }
        if (c == '`' || c == '"') {
            pos++;
            while (pos < src.length() && src.charAt(pos) != c) {
                if (src.charAt(pos) == '\\' && pos + 1 < src.length()) {
                    advance();
                }
                if (c == '"' && src.charAt(pos) == '\n') {
                    throw new ScriptSyntaxException(source, l, col, "unterminated string");
                }
                advance();
            }
            if (pos >= src.length()) {
                throw new ScriptSyntaxException(source, l, col,
                        c == '`' ? "unterminated ` shell command" : "unterminated string");
            }
            pos++;
            return token(c == '`' ? Kind.BACKQUOTE : Kind.STRING, start, src.substring(start + 1, pos - 1), l, col,
                    space);
        }
        if (c == '-' && peekChar(1) == '-' && isWordChar(peekChar(2))) {
            return option(start, l, col, space);
        }
        if (c == '.' && peekChar(1) == '.' && peekChar(2) == '.') {
            pos += 3;
            return token(Kind.ELLIPSIS, start, null, l, col, space);
        }
        Token v6 = ipv6(start, l, col, space);
        if (v6 != null) {
            return v6;
        }
        if (isDigit(c) || (c == '.' && isDigit(peekChar(1)))) {
            return number(start, l, col, space);
        }
        if (isWordChar(c)) {
            while (pos < src.length() && isWordChar(src.charAt(pos))) {
                pos++;
            }
            return token(Kind.WORD, start, null, l, col, space);
        }
        advance();
        return token(Kind.PUNCT, start, null, l, col, space);
    }

    private Token option(int start, int l, int col, boolean space) {
        pos += 2;
        while (pos < src.length() && isWordChar(src.charAt(pos))) {
            pos++;
        }
        String name = src.substring(start + 2, pos);
        String value = null;
        if (peekChar(0) == '=') {
            pos++;
            int vs = pos;
            boolean quoted = false;
            while (pos < src.length()) {
                char ch = src.charAt(pos);
                if (ch == '"') {
                    quoted = !quoted;
                } else if (!quoted && Character.isWhitespace(ch)) {
                    break;
                } else if (ch == '\n') {
                    throw new ScriptSyntaxException(source, l, col, "unterminated string in option --" + name);
                }
                pos++;
            }
            value = src.substring(vs, pos);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
        }
        return new Token(Kind.OPTION, name, value, l, col, start, pos, space);
    }

    private Token number(int start, int l, int col, boolean space) {
        if (src.charAt(pos) == '0' && (peekChar(1) == 'x' || peekChar(1) == 'X') && isHex(peekChar(2))) {
            pos += 2;
            while (pos < src.length() && isHex(src.charAt(pos))) {
                pos++;
            }
            return token(Kind.INT, start, null, l, col, space);
        }
        int digits = pos;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        // A dotted quad is an address, never a time.
        if (pos > digits) {
            int save = pos;
            int groups = 1;
            while (groups < 4 && peekChar(0) == '.' && isDigit(peekChar(1))) {
                pos++;
                while (pos < src.length() && isDigit(src.charAt(pos))) {
                    pos++;
                }
                groups++;
            }
            if (groups == 4 && !isWordChar(peekChar(0)) && peekChar(0) != '.') {
                return token(Kind.ADDRESS, start, null, l, col, space);
            }
            pos = save;
        }
        if (peekChar(0) == '.' && isDigit(peekChar(1))) {
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
            return token(Kind.FLOAT, start, null, l, col, space);
        }
        if (isWordChar(peekChar(0))) {
            // Digits followed by letters, e.g. a Fast Open cookie such as 1234abcd: one word.
            while (pos < src.length() && isWordChar(src.charAt(pos))) {
                pos++;
            }
            return token(Kind.WORD, start, null, l, col, space);
        }
        return token(Kind.INT, start, null, l, col, space);
    }

    /**
     * Recognises an IPv6 address: a run of hex digits, colons and dots with at least two colons, where every
     * colon-separated group is empty or 1-4 hex digits (a dotted quad may end it). A sequence range such as
     * {@code 1:1001} has one colon and is left alone. A single trailing colon is the end of a packet prefix
     * ({@code ipv6 a::1 > a::2:}), not part of the address.
     */
    private Token ipv6(int start, int l, int col, boolean space) {
        char c = src.charAt(pos);
        if (!(isHex(c) || (c == ':' && peekChar(1) == ':'))) {
            return null;
        }
        if (start > 0 && isWordChar(src.charAt(start - 1))) {
            return null;
        }
        int end = pos;
        while (end < src.length() && (isHex(src.charAt(end)) || src.charAt(end) == ':' || src.charAt(end) == '.')) {
            end++;
        }
        if (end < src.length() && isWordChar(src.charAt(end))) {
            return null;
        }
        String run = src.substring(pos, end);
        if (run.endsWith(":") && !run.endsWith("::")) {
            run = run.substring(0, run.length() - 1);
        } else if (run.endsWith(":::")) {
            run = run.substring(0, run.length() - 1);
        }
        if (run.chars().filter(ch -> ch == ':').count() < 2 || !validIpv6(run)) {
            return null;
        }
        pos += run.length();
        return token(Kind.ADDRESS, start, null, l, col, space);
    }

    private static boolean validIpv6(String run) {
        String[] groups = run.split(":", -1);
        if (groups.length > 9 || run.contains(":::")) {
            return false;
        }
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.contains(".")) {
                if (i != groups.length - 1 || !g.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                    return false;
                }
            } else if (g.length() > 4) {
                return false;
            }
        }
        return true;
    }

    private Token token(Kind kind, int start, String value, int l, int col, boolean space) {
        String text = src.substring(start, pos);
        return new Token(kind, text, value == null ? text : value, l, col, start, pos, space);
    }

    private void advance() {
        if (src.charAt(pos) == '\n') {
            pos++;
            newline();
        } else {
            pos++;
        }
    }

    private void newline() {
        line++;
        lineStart = pos;
    }

    private char peekChar(int ahead) {
        int i = pos + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    /** Strips spaces and tabs (not newlines) from both ends, as packetdrill does for code blocks. */
    private static String stripBlanks(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWordChar(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
}

package org.tcplifecycle.tools.packetdrill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.tools.packetdrill.Token.Kind;

/**
 * Recursive-descent parser for packetdrill scripts; see the package documentation for the accepted syntax.
 * Every failure is a {@link ScriptSyntaxException} naming the line and column.
 */
public final class ScriptParser {

    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final int U16_MAX = 0xFFFF;

    private final String source;
    private final String text;
    private final List<Token> tokens;
    private int pos;

    private ScriptParser(String text, String source) {
        this.source = source;
        this.text = text;
        this.tokens = Lexer.tokenize(text, source);
    }

    /** Parses script text; {@code source} names it in error messages. */
    public static Script parse(String text, String source) {
        return new ScriptParser(text, source).script();
    }

    /** Reads (UTF-8) and parses a script file; messages name it by its file name. */
    public static Script parse(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- script structure

    private Script script() {
        List<ScriptOption> options = new ArrayList<>();
        while (peek().is(Kind.OPTION)) {
            Token t = next();
            options.add(new ScriptOption(t.text(), Optional.ofNullable(t.value()), t.line()));
        }
        Optional<ShellCommand> init = Optional.empty();
        if (peek().is(Kind.BACKQUOTE)) {
            init = Optional.of(shell(next()));
        }
        List<Event> events = new ArrayList<>();
        Optional<ShellCommand> cleanup = Optional.empty();
        while (!peek().is(Kind.EOF)) {
            Token t = peek();
            if (t.is(Kind.BACKQUOTE)) {
                next();
                if (!peek().is(Kind.EOF)) {
                    throw error(t, "a shell command between events needs a time, e.g. +0 `...`");
                }
                cleanup = Optional.of(shell(t));
            } else if (t.is(Kind.OPTION)) {
                throw error(t, "option --" + t.text() + " must come before the first event");
            } else {
                events.add(event());
            }
        }
        return new Script(source, options, init, events, cleanup);
    }

    private Event event() {
        Token first = peek();
        Timing timing = timing();
        OptionalLong returnMicros = OptionalLong.empty();
        Token ellipsis = null;
        if (peek().is(Kind.ELLIPSIS)) {
            ellipsis = next();
            if (peek().isPunct('+')) {
                throw error(peek(), "the return time after '...' is written without '+'; it counts from the"
                        + " same origin as the start time");
            }
            returnMicros = OptionalLong.of(time());
        }
        Token t = peek();
        Event e;
        if (t.isPunct('<') || t.isPunct('>')) {
            e = packet(first.line(), timing);
        } else if (t.is(Kind.BACKQUOTE)) {
            e = new Event.Command(first.line(), timing, shell(next()));
        } else if (t.is(Kind.CODE)) {
            e = new Event.Code(first.line(), timing, CodeBlock.parse(next().value()));
        } else if (t.is(Kind.WORD) && peek(1).isPunct('(')) {
            e = syscall(first.line(), timing, returnMicros);
        } else {
            throw error(t, "expected a packet (< or >), a system call, a `shell command` or a %{ code }% block"
                    + " but found " + t.describe());
        }
        if (ellipsis != null && !(e instanceof Event.Syscall)) {
            throw error(ellipsis, "'...' (blocking call) can only be used with a system call");
        }
        boolean outboundPacket = e instanceof Event.Packet p && p.outbound()
                || e instanceof Event.RawPacket r && r.direction() == Direction.OUTBOUND;
        if (timing.kind() == Timing.Kind.ANY && !outboundPacket) {
            throw error(first, "event time * can only be used with outbound packets");
        }
        if (timing.isRange() && !outboundPacket) {
            throw error(first, "a time range can only be used with outbound packets");
        }
        if (returnMicros.isPresent() && returnMicros.getAsLong() < timing.micros()) {
            throw error(ellipsis, "the blocking call returns before it starts");
        }
        return e;
    }

    private Timing timing() {
        Token t = peek();
        if (t.isPunct('*')) {
            next();
            return Timing.any();
        }
        boolean relative = false;
        if (t.isPunct('+')) {
            next();
            relative = true;
        }
        long start = time();
        if (!peek().isPunct('~')) {
            return relative ? Timing.relative(start) : Timing.absolute(start);
        }
        next();
        boolean endRelative = false;
        if (peek().isPunct('+')) {
            next();
            endRelative = true;
        }
        if (endRelative != relative) {
            throw error(peek(), "both ends of a time range must be relative (+a~+b) or both absolute (a~b)");
        }
        long end = time();
        if (end < start) {
            throw error(t, "time range is backwards");
        }
        return new Timing(relative ? Timing.Kind.RELATIVE_RANGE : Timing.Kind.ABSOLUTE_RANGE, start, end);
    }

    /** A time in seconds, e.g. {@code 0}, {@code .1}, {@code 0.200}, as microseconds. */
    private long time() {
        Token t = peek();
        if (!t.is(Kind.INT) && !t.is(Kind.FLOAT) || t.text().startsWith("0x")) {
            throw error(t, "expected a time in seconds (e.g. 0, +.1, 0.200 or *) but found " + t.describe());
        }
        next();
        try {
            return new BigDecimal(t.text()).movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw error(t, "time out of range: " + t.text());
        }
    }

    private ShellCommand shell(Token t) {
        return ShellCommand.parse(t.line(), t.value());
    }

    // ---------------------------------------------------------------- packets

    private Event packet(int line, Timing timing) {
        Token dir = next();
        Direction direction = dir.isPunct('<') ? Direction.INBOUND : Direction.OUTBOUND;
        int flagsAt = findFlags(dir.line());
        if (flagsAt < 0) {
            return rawPacket(line, timing, direction, dir);
        }
        String prefix = flagsAt == pos ? "" : text.substring(tokens.get(pos).start(), tokens.get(flagsAt - 1).end());
        pos = flagsAt;

        Token ft = next();
        String flagsText;
        int flags;
        if (ft.isPunct('-')) {
            flagsText = "-";
            flags = 0;
        } else if (ft.isPunct('.')) {
            flagsText = ".";
            flags = TcpFlags.ACK;
        } else {
            flags = flagBits(ft);
            flagsText = ft.text();
            if (peek().isPunct('.')) {
                next();
                flags |= TcpFlags.ACK;
                flagsText += ".";
            }
        }

        long start = u32(expectInt("sequence start"), "sequence number");
        expectPunct(':', "':' in start:end(length)");
        Token et = peek();
        long end = u32(expectInt("sequence end"), "sequence number");
        expectPunct('(', "'(' in start:end(length)");
        Token lt = peek();
        long len = expectInt("payload length");
        if (len > U16_MAX) {
            throw error(lt, "payload length out of range: " + len);
        }
        expectPunct(')', "')' in start:end(length)");
        if (end != ((start + len) & U32_MAX)) {
            throw error(et, "inconsistent sequence numbers and payload length: " + start + ":" + end + "(" + len
                    + ") (end must be start + length)");
        }

        OptionalLong ack = OptionalLong.empty();
        OptionalInt win = OptionalInt.empty();
        OptionalInt urg = OptionalInt.empty();
        while (true) {
            Token k = peek();
            if (k.isWord("ack") && ack.isEmpty()) {
                next();
                ack = OptionalLong.of(u32(expectInt("ack number"), "ack number"));
            } else if (k.isWord("win") && win.isEmpty()) {
                next();
                win = OptionalInt.of(u16(expectInt("window"), "window"));
            } else if (k.isWord("urg") && urg.isEmpty()) {
                next();
                urg = OptionalInt.of(u16(expectInt("urgent pointer"), "urgent pointer"));
            } else {
                break;
            }
        }

        List<TcpOption> options = new ArrayList<>();
        boolean unchecked = false;
        if (peek().isPunct('<')) {
            Token open = next();
            if (peek().is(Kind.ELLIPSIS)) {
                next();
                if (direction == Direction.INBOUND) {
                    throw error(open, "<...> (options not checked) can only be used with outbound packets");
                }
                unchecked = true;
            } else {
                options.add(tcpOption());
                while (peek().isPunct(',')) {
                    next();
                    options.add(tcpOption());
                }
            }
            expectPunct('>', "',' or '>' in the TCP option list");
        }
        return new Event.Packet(line, timing, direction, prefix, flags, flagsText, start, end, (int) len, ack, win,
                urg, options, unchecked);
    }

    /**
     * Finds where the TCP flags start: the first position on the direction's line holding flags followed by
     * {@code INT ':'}. Everything before it is the packet prefix. -1 if there is none.
     */
    private int findFlags(int line) {
        for (int i = pos; tokens.get(i).line() == line && !tokens.get(i).is(Kind.EOF); i++) {
            int after = flagsEnd(i);
            if (after > 0 && tokens.get(after).is(Kind.INT) && tokens.get(after + 1).isPunct(':')) {
                return i;
            }
        }
        return -1;
    }

    /** Index just past a flags spelling starting at i, or -1. */
    private int flagsEnd(int i) {
        Token t = tokens.get(i);
        if (t.isPunct('-') || t.isPunct('.')) {
            return i + 1;
        }
        if (t.is(Kind.WORD) && t.text().chars().allMatch(c -> "FSRPUEW".indexOf(c) >= 0)) {
            return tokens.get(i + 1).isPunct('.') ? i + 2 : i + 1;
        }
        return -1;
    }

    private int flagBits(Token t) {
        int bits = 0;
        for (char c : t.text().toCharArray()) {
            int b = switch (c) {
                case 'F' -> TcpFlags.FIN;
                case 'S' -> TcpFlags.SYN;
                case 'R' -> TcpFlags.RST;
                case 'P' -> TcpFlags.PSH;
                case 'U' -> TcpFlags.URG;
                case 'E' -> TcpFlags.ECE;
                case 'W' -> TcpFlags.CWR;
                default -> throw error(t, "unknown TCP flag '" + c + "'");
            };
            if ((bits & b) != 0) {
                throw error(t, "TCP flag '" + c + "' given twice");
            }
            bits |= b;
        }
        return bits;
    }

    /** A packet line without a TCP part: keep the rest of the line as text. */
    private Event rawPacket(int line, Timing timing, Direction direction, Token dir) {
        if (peek().is(Kind.EOF) || peek().line() != dir.line()) {
            throw error(peek(), "expected a packet after '" + dir.text() + "' but found " + peek().describe());
        }
        int from = peek().start();
        int to = from;
        while (!peek().is(Kind.EOF) && peek().line() == dir.line()) {
            to = next().end();
        }
        String body = text.substring(from, to);
        boolean known = false;
        for (String w : body.split("[^A-Za-z0-9_]+")) {
            known |= w.equals("udp") || w.equals("icmp");
        }
        if (!known) {
            Token at = tokens.get(indexAt(from));
            throw error(at, "expected TCP flags and start:end(length) (e.g. S. 0:0(0)), or a udp/icmp packet,"
                    + " but found " + at.describe());
        }
        return new Event.RawPacket(line, timing, direction, body);
    }

    private int indexAt(int offset) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).start() == offset) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    private TcpOption tcpOption() {
        Token t = peek();
        if (!t.is(Kind.WORD)) {
            throw error(t, "expected a TCP option name (mss, nop, sackOK, TS, ...) but found " + t.describe());
        }
        next();
        switch (t.text()) {
            case "nop":
                return new TcpOption.Nop();
            case "eol":
                return new TcpOption.Eol();
            case "sackOK":
                return new TcpOption.SackPermitted();
            case "mss": {
                Token v = peek();
                if (v.is(Kind.WORD)) {
                    next();
                    return new TcpOption.Mss(-1, v.text());
                }
                return new TcpOption.Mss(u16(expectInt("mss value"), "mss value"), "");
            }
            case "wscale": {
                if (peek().isPunct('*')) {
                    next();
                    return new TcpOption.WindowScale(0, true);
                }
                Token v = peek();
                long shift = expectInt("window scale shift");
                if (shift > 255) {
                    throw error(v, "window scale shift count out of range: " + shift);
                }
                return new TcpOption.WindowScale((int) shift, false);
            }
            case "sack": {
                List<TcpOption.SackBlock> blocks = new ArrayList<>();
                do {
                    long left = u32(expectInt("SACK block left edge"), "SACK edge");
                    expectPunct(':', "':' in SACK block left:right");
                    long right = u32(expectInt("SACK block right edge"), "SACK edge");
                    blocks.add(new TcpOption.SackBlock(left, right));
                } while (peek().is(Kind.INT));
                return new TcpOption.Sack(blocks);
            }
            case "TS": {
                expectWord("val");
                long val = u32(expectInt("TS val"), "TS val");
                expectWord("ecr");
                long ecr = u32(expectInt("TS ecr"), "TS ecr");
                return new TcpOption.Timestamp(val, ecr);
            }
            case "FO":
            case "FOEXP":
                return new TcpOption.FastOpen(t.text().equals("FOEXP"), blob());
            case "md5": {
                String digest = blob();
                if (digest.isEmpty()) {
                    throw error(peek(), "expected an md5 digest");
                }
                return new TcpOption.Md5(digest);
            }
            default: {
                List<String> raw = new ArrayList<>();
                while (!peek().isPunct(',') && !peek().isPunct('>') && !peek().is(Kind.EOF)
                        && peek().line() == t.line()) {
                    raw.add(next().text());
                }
                return new TcpOption.Unknown(t.text(), raw);
            }
        }
    }

    /** An optional hex blob (cookie, digest) as written; empty if the option ends here. */
    private String blob() {
        Token v = peek();
        if (v.is(Kind.WORD) || v.is(Kind.INT)) {
            next();
            return v.text();
        }
        return "";
    }

    // ---------------------------------------------------------------- system calls

    private Event syscall(int line, Timing timing, OptionalLong returnMicros) {
        String name = next().text();
        expectPunct('(', "'('");
        List<Expr> args = new ArrayList<>();
        if (!peek().isPunct(')')) {
            args = exprList(')');
        }
        expectPunct(')', "',' or ')' after the arguments of " + name + "()");
        expectPunct('=', "'= result' after " + name + "(...)");
        Expr result = expr();
        Optional<String> errno = Optional.empty();
        if (peek().is(Kind.WORD)) {
            errno = Optional.of(next().text());
        }
        Optional<String> note = Optional.empty();
        if (peek().isPunct('(')) {
            note = Optional.of(note());
        }
        return new Event.Syscall(line, timing, returnMicros, name, args, result, errno, note);
    }

    /** The raw text of a parenthesised note such as {@code (Operation now in progress)}, spaces collapsed. */
    private String note() {
        Token open = next();
        int depth = 1;
        int from = open.end();
        while (true) {
            Token t = peek();
            if (t.is(Kind.EOF)) {
                throw error(open, "unterminated '(' note after the result");
            }
            next();
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')') && --depth == 0) {
                return text.substring(from, t.start()).trim().replaceAll("\\s+", " ");
            }
        }
    }

    private List<Expr> exprList(char close) {
        List<Expr> list = new ArrayList<>();
        list.add(expr());
        while (peek().isPunct(',')) {
            next();
            list.add(expr());
        }
        if (!peek().isPunct(close)) {
            throw error(peek(), "expected ',' or '" + close + "' but found " + peek().describe());
        }
        return list;
    }

    private Expr expr() {
        Expr first = term();
        if (!peek().isPunct('|')) {
            return first;
        }
        List<Expr> terms = new ArrayList<>();
        terms.add(first);
        while (peek().isPunct('|')) {
            next();
            terms.add(term());
        }
        return new Expr.Or(terms);
    }

    private Expr term() {
        Token t = peek();
        switch (t.kind()) {
            case ELLIPSIS:
                next();
                return new Expr.Ellipsis();
            case INT:
                next();
                return integer(t, false);
            case ADDRESS:
                next();
                return new Expr.Address(t.text());
            case STRING: {
                StringBuilder sb = new StringBuilder();
                while (peek().is(Kind.STRING)) {
                    sb.append(next().value());
                }
                boolean truncated = false;
                if (peek().is(Kind.ELLIPSIS)) {
                    next();
                    truncated = true;
                }
                return new Expr.Str(sb.toString(), truncated);
            }
            case WORD: {
                next();
                if (peek().isPunct('=')) {
                    next();
                    return new Expr.Assign(t.text(), expr());
                }
                if (peek().isPunct('(') && !peek().spaceBefore()) {
                    next();
                    List<Expr> args = peek().isPunct(')') ? List.of() : exprList(')');
                    next();
                    return new Expr.Call(t.text(), args);
                }
                return new Expr.Word(t.text());
            }
            case PUNCT:
                break;
            default:
                throw error(t, "expected a value but found " + t.describe());
        }
        char c = t.text().charAt(0);
        if (c == '-') {
            next();
            Token n = peek();
            if (!n.is(Kind.INT)) {
                throw error(n, "expected a number after '-' but found " + n.describe());
            }
            next();
            return integer(n, true);
        }
        if (c == '[' || c == '{') {
            next();
            char close = c == '[' ? ']' : '}';
            List<Expr> items = peek().isPunct(close) ? List.of() : exprList(close);
            next();
            return c == '[' ? new Expr.Array(items) : new Expr.Struct(items);
        }
        if (c == '&') {
            next();
            Token n = peek();
            if (!n.is(Kind.WORD)) {
                throw error(n, "expected a name after '&' but found " + n.describe());
            }
            next();
            return new Expr.Ref(n.text());
        }
        throw error(t, "expected a value but found " + t.describe());
    }

    private Expr.Int integer(Token t, boolean negative) {
        String s = t.text();
        try {
            long v = s.startsWith("0x") || s.startsWith("0X")
                    ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseLong(s);
            return new Expr.Int(negative ? -v : v, negative ? "-" + s : s);
        } catch (NumberFormatException e) {
            throw error(t, "number out of range: " + s);
        }
    }

    // ---------------------------------------------------------------- token helpers

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        int i = Math.max(0, Math.min(pos + ahead, tokens.size() - 1));
        return tokens.get(i);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (!t.is(Kind.EOF)) {
            pos++;
        }
        return t;
    }

    private long expectInt(String what) {
        Token t = peek();
        if (!t.is(Kind.INT)) {
            throw error(t, "expected " + what + " (a number) but found " + t.describe());
        }
        next();
        return integer(t, false).value();
    }

    private void expectPunct(char c, String what) {
        Token t = peek();
        if (!t.isPunct(c)) {
            throw error(t, "expected " + what + " but found " + t.describe());
        }
        next();
    }

    private void expectWord(String w) {
        Token t = peek();
        if (!t.isWord(w)) {
            throw error(t, "expected '" + w + "' but found " + t.describe());
        }
        next();
    }

    private long u32(long v, String what) {
        if (v < 0 || v > U32_MAX) {
            throw error(peek(-1), what + " out of range: " + v);
        }
        return v;
    }

    private int u16(long v, String what) {
        if (v < 0 || v > U16_MAX) {
            throw error(peek(-1), what + " out of range: " + v);
        }
        return (int) v;
    }

    private ScriptSyntaxException error(Token t, String reason) {
        return new ScriptSyntaxException(source, t.line(), t.column(), reason);
    }
}

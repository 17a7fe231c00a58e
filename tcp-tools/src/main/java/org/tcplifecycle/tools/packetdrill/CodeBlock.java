package org.tcplifecycle.tools.packetdrill;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code %{ ... }%} block. packetdrill hands these to a Python interpreter after the run, with the
 * socket's {@code tcp_info} fields bound to {@code tcpi_*} names. The common one-line assertions are
 * decoded so that a runner can check them without Python.
 *
 * @param text       the code between the delimiters, with spaces and tabs at both ends removed
 * @param assertions the statements of the form {@code assert FIELD OP VALUE[, message]} or
 *                   {@code assert (FIELD & MASK) OP VALUE[, message]}, in order
 * @param other      every other non-blank, non-comment statement, trimmed, in order
 */
public record CodeBlock(String text, List<CodeAssertion> assertions, List<String> other) {
    public CodeBlock {
        assertions = List.copyOf(assertions);
        other = List.copyOf(other);
    }

    private static final Pattern ASSERT = Pattern.compile(
            "assert\\s+(?:\\(\\s*(\\w+)\\s*&\\s*(\\w+)\\s*\\)|(\\w+))\\s*(==|!=|<=|>=|<|>)\\s*(-?\\w+)\\s*(?:,.*)?");

    /** Builds a block from its text (already stripped of the delimiters), decoding simple assertions. */
    public static CodeBlock parse(String text) {
        List<CodeAssertion> asserts = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String raw : text.split("[\\n;]")) {
            String s = raw.trim();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            Matcher m = ASSERT.matcher(s);
            if (m.matches()) {
                boolean masked = m.group(1) != null;
                asserts.add(new CodeAssertion(masked ? m.group(1) : m.group(3),
                        masked ? Optional.of(m.group(2)) : Optional.empty(),
                        CodeAssertion.Comparison.of(m.group(4)), m.group(5)));
            } else {
                other.add(s);
            }
        }
        return new CodeBlock(text, asserts, other);
    }

    /** True when every statement was decoded into an assertion. */
    public boolean fullyDecoded() {
        return other.isEmpty();
    }
}

package org.tcplifecycle.tools.packetdrill;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A decoded {@code assert} statement from a code block, e.g. {@code assert tcpi_state == TCP_CLOSE_WAIT}
 * or {@code assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0}.
 *
 * @param field    the left-hand name, e.g. {@code tcpi_state}
 * @param mask     the name or number the field is AND-ed with before comparing, if any
 * @param operator the comparison
 * @param value    the right-hand side as written: a constant name such as {@code TCP_CLOSE_WAIT} or a number
 */
public record CodeAssertion(String field, Optional<String> mask, Comparison operator, String value) {

    /** The right-hand side as a number, when it is one (decimal, or hexadecimal with {@code 0x}). */
    public OptionalLong numericValue() {
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                return OptionalLong.of(Long.parseLong(value.substring(2), 16));
            }
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Comparison operators accepted in decoded assertions. */
    public enum Comparison {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** Evaluates {@code left OP right}. */
        public boolean test(long left, long right) {
            return switch (this) {
                case EQ -> left == right;
                case NE -> left != right;
                case LT -> left < right;
                case LE -> left <= right;
                case GT -> left > right;
                case GE -> left >= right;
            };
        }

        static Comparison of(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }
}

package org.tcplifecycle.tools.packetdrill;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A system call argument or expected result, as written in the script. */
public sealed interface Expr {

    /** An integer literal, possibly negative or hexadecimal; {@code text} is the spelling, e.g. {@code 0x10}. */
    record Int(long value, String text) implements Expr {
    }

    /** A bare name: a constant such as {@code AF_INET}, {@code SOCK_STREAM}, {@code SO_LINGER}. */
    record Word(String name) implements Expr {
    }

    /**
     * A double-quoted string (adjacent strings are joined); {@code truncated} when followed by {@code ...},
     * meaning only this prefix is checked.
     */
    record Str(String value, boolean truncated) implements Expr {
    }

    /** {@code ...}: a value the script does not care about (buffers, address lengths). */
    record Ellipsis() implements Expr {
    }

    /** {@code A|B|C}: bitwise OR of flags, e.g. {@code O_RDWR|O_NONBLOCK}. */
    record Or(List<Expr> terms) implements Expr {
        public Or {
            terms = List.copyOf(terms);
        }
    }

    /** {@code name=value}, a field inside a struct literal, e.g. {@code onoff=1}. */
    record Assign(String name, Expr value) implements Expr {
    }

    /** {@code [a, b]}: an array or an int passed by pointer, e.g. {@code [1]}, {@code [...]}, {@code []}. */
    record Array(List<Expr> elements) implements Expr {
        public Array {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {a=1, b=2}}: a struct literal such as a linger, sockaddr or pollfd. */
    record Struct(List<Expr> fields) implements Expr {
        public Struct {
            fields = List.copyOf(fields);
        }

        /** The value of the field {@code name=...}, if the struct has one. */
        public Optional<Expr> field(String name) {
            for (Expr f : fields) {
                if (f instanceof Assign a && a.name().equals(name)) {
                    return Optional.of(a.value());
                }
            }
            return Optional.empty();
        }
    }

    /** {@code name(args)}: a helper such as {@code htons(8080)} or {@code inet_addr("192.0.2.1")}. */
    record Call(String function, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code &name}: the address of a script variable. */
    record Ref(String name) implements Expr {
    }

    /** A bare IPv4 or IPv6 address. */
    record Address(String text) implements Expr {
    }

    /** The integer value of an {@link Int}; empty for anything else. */
    default OptionalLong asLong() {
        return this instanceof Int i ? OptionalLong.of(i.value()) : OptionalLong.empty();
    }
}

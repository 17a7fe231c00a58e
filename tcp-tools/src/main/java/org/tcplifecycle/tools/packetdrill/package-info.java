/**
 * Front end for packetdrill scripts: a lexer and recursive-descent parser that turn a {@code .pkt} file into
 * a typed {@link org.tcplifecycle.tools.packetdrill.Script}, and {@link org.tcplifecycle.tools.packetdrill.Features}
 * detection of what a script needs beyond plain TCP; and {@link org.tcplifecycle.tools.packetdrill.PacketdrillRunner},
 * which runs a script against the engine in virtual time (see {@code tcp-tools/docs/packetdrill.md}).
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link org.tcplifecycle.tools.packetdrill.ScriptParser#parse(java.nio.file.Path)} and
 *       {@link org.tcplifecycle.tools.packetdrill.ScriptParser#parse(String, String)} return a
 *       {@code Script}: options, optional init command, events, optional cleanup command;</li>
 *   <li>every error is a {@link org.tcplifecycle.tools.packetdrill.ScriptSyntaxException} whose message reads
 *       {@code name.pkt: line L, column C: reason};</li>
 *   <li>{@code Script.features()} / {@code Script.featureUses()} say what is needed and where.</li>
 * </ul>
 *
 * <h2>Supported syntax</h2>
 * Whitespace, including newlines, only separates tokens: an event may span lines (as a multi-line
 * {@code poll} argument list does). Comments are {@code // ...} to end of line and {@code /* ... *}{@code /}.
 *
 * <pre>
 * script   := option* [`init command`] event* [`cleanup command`]
 * option   := --name | --name=value                  (before the first event only)
 * event    := time action
 * time     := T | +T | * | T~T | +T~+T                (T: seconds, e.g. 0, .1, 0.200, 30)
 * action   := packet | [... T] call | `command` | %{ code }%
 * </pre>
 *
 * <h3>Times ({@link org.tcplifecycle.tools.packetdrill.Timing})</h3>
 * {@code 0.100} is absolute (from script start), {@code +.1} relative to the previous event, {@code *} any
 * time, {@code 0.1~0.2} and {@code +.3~+.4} ranges; {@code *} and ranges are accepted only on outbound
 * packets and a range must not run backwards. Values are kept in microseconds, converted exactly from the
 * decimal text. A blocking call is written {@code +.1...0.2 accept(...)}: it starts at the first time and
 * returns at the second, which is counted from the same origin as the first (the previous event for a
 * relative time, the script start for an absolute one) and is written without {@code +}.
 *
 * <h3>Packets ({@link org.tcplifecycle.tools.packetdrill.Event.Packet})</h3>
 * <pre>
 * &lt;|&gt; [prefix] flags start:end(len) [ack N] [win N] [urg N] [&lt;options&gt; | &lt;...&gt;]
 * </pre>
 * <ul>
 *   <li>flags: letters {@code F S R P U E}(ECE) {@code W}(CWR) with an optional trailing {@code .} for ACK,
 *       a lone {@code .} (ACK only) or {@code -} (none), e.g. {@code S}, {@code S.}, {@code FP.}, {@code R.};</li>
 *   <li>{@code end} must equal {@code start + len}; sequence and ack numbers are 32-bit, window, length and
 *       urgent pointer 16-bit;</li>
 *   <li>options, comma-separated: {@code nop}, {@code eol}, {@code mss N} (or a symbolic {@code mss MSS}),
 *       {@code wscale N} or {@code wscale *}, {@code sackOK}, {@code sack a:b [c:d ...]},
 *       {@code TS val V ecr E}, {@code FO [cookie]}, {@code FOEXP [cookie]}, {@code md5 digest}; any other
 *       name is kept raw as {@link org.tcplifecycle.tools.packetdrill.TcpOption.Unknown};
 *       {@code <...>} (options not checked) only on outbound packets;</li>
 *   <li>prefix: anything between the direction and the flags on the same line, such as
 *       {@code encap psp spi 23}, {@code ipv4 A > B:}, {@code ipv6 A > B:}, {@code gre:}, {@code mpls ...:},
 *       {@code [ect0]}, {@code (tos 0x2)}, or ports {@code 8080 > 40000}; it is kept as text and classified by
 *       feature detection rather than interpreted;</li>
 *   <li>a packet line with no TCP flags and sequence (e.g. {@code < udp (100)}, {@code > icmp unreachable})
 *       is kept whole as {@link org.tcplifecycle.tools.packetdrill.Event.RawPacket} when it names
 *       {@code udp} or {@code icmp}; otherwise it is an error.</li>
 * </ul>
 *
 * <h3>System calls ({@link org.tcplifecycle.tools.packetdrill.Event.Syscall})</h3>
 * <pre>
 * name(arg, ...) = result [ERRNO] [(note)]
 * </pre>
 * Arguments and result are {@link org.tcplifecycle.tools.packetdrill.Expr} values: integers (decimal,
 * {@code 0x} hex, negative), names ({@code AF_INET}, {@code SO_LINGER}, {@code O_NONBLOCK}), strings (adjacent
 * ones joined, {@code "abc"...} for a checked prefix), {@code ...}, OR-ed flags {@code A|B}, arrays
 * {@code [1]}, {@code [...]}, {@code []}, struct literals {@code {onoff=1, linger=0}},
 * {@code {sa_family=AF_INET, ...}}, {@code {fd=4, events=POLLIN|POLLOUT}}, helpers {@code htons(80)} and
 * {@code inet_addr("192.0.2.1")}, {@code &var}, bare addresses. The errno is a name such as
 * {@code EINPROGRESS}; the note is the parenthesised text ({@code (Operation now in progress)}, a space
 * before the parenthesis is optional).
 *
 * <h3>Shell commands ({@link org.tcplifecycle.tools.packetdrill.ShellCommand})</h3>
 * Back-quoted text, kept verbatim. An untimed command is allowed only before the first event (init) or
 * after the last (cleanup). Assignments made with {@code sysctl [-q] [-w] name=value},
 * {@code set_sysctls.py /proc/sys/...=value} or {@code echo value > /proc/sys/...} are extracted as
 * {@link org.tcplifecycle.tools.packetdrill.Sysctl} pairs with dotted names.
 *
 * <h3>Code blocks ({@link org.tcplifecycle.tools.packetdrill.CodeBlock})</h3>
 * {@code %{ ... }%}, kept verbatim. Statements of the form {@code assert FIELD OP VALUE[, msg]} and
 * {@code assert (FIELD & MASK) OP VALUE[, msg]} with {@code OP} one of {@code == != < <= > >=} are decoded
 * into {@link org.tcplifecycle.tools.packetdrill.CodeAssertion}s; other statements are listed as text.
 *
 * <h3>Not supported</h3>
 * Fuzzing clauses ({@code {mut ...}} after a packet), the structured forms of {@code msghdr}, {@code cmsg},
 * GRE and MPLS header arguments (they parse only where they fit the generic struct, array and call forms),
 * and symbol substitution from {@code --define} (the option is recorded, its symbols are not replaced).
 */
package org.tcplifecycle.tools.packetdrill;

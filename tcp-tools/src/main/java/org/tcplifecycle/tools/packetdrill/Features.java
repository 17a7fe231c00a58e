package org.tcplifecycle.tools.packetdrill;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tcplifecycle.api.TcpFlags;

/**
 * Finds what a script needs beyond plain TCP, so that a runner can say "skipped: needs TCP Fast Open"
 * instead of failing halfway. Detection looks only at the parsed script:
 *
 * <ul>
 *   <li>{@link Feature#TCP_FAST_OPEN}: {@code FO}/{@code FOEXP} options, {@code MSG_FASTOPEN} and
 *       {@code TCP_FASTOPEN*} in call arguments, a non-zero {@code tcp_fastopen*} sysctl, and
 *       {@code TCPI_OPT_SYN_DATA} in code blocks;</li>
 *   <li>{@link Feature#PSP}: an {@code encap psp} packet prefix, {@code psp_*} calls, {@code --psp*} options;</li>
 *   <li>{@link Feature#ENCAPSULATION}, {@link Feature#IP_HEADER}, {@link Feature#ECN}: other packet
 *       prefixes ({@code gre}, {@code mpls}, {@code encap}, {@code ipv4}/{@code ipv6} headers, ports,
 *       {@code tos}/{@code ttl}/{@code flowlabel}, ECN code points); {@link Feature#ECN} also for the
 *       {@code E}/{@code W} flags and a non-zero {@code tcp_ecn} sysctl;</li>
 *   <li>{@link Feature#URGENT}: the {@code U} flag, {@code urg N}, {@code MSG_OOB}, {@code SO_OOBINLINE},
 *       {@code SIOCATMARK};</li>
 *   <li>{@link Feature#TCP_MD5}: the {@code md5} option, {@code TCP_MD5SIG*};</li>
 *   <li>{@link Feature#UNKNOWN_TCP_OPTION}, {@link Feature#UDP}, {@link Feature#ICMP},
 *       {@link Feature#PACKET_PREFIX}: option and packet forms the parser keeps only as text;</li>
 *   <li>{@link Feature#CODE}: code block statements other than decoded assertions.</li>
 * </ul>
 */
public final class Features {

    private static final Pattern PIECE = Pattern.compile("[A-Za-z0-9_]+|\\S");

    private Features() {
    }

    /** The features one event needs. */
    public static Set<Feature> of(Event event) {
        Set<Feature> s = EnumSet.noneOf(Feature.class);
        for (FeatureUse u : uses(event)) {
            s.add(u.feature());
        }
        return s;
    }

    /** Every place in the script that needs a feature, in source order. */
    public static List<FeatureUse> uses(Script script) {
        List<FeatureUse> out = new ArrayList<>();
        for (ScriptOption o : script.options()) {
            if (o.name().startsWith("psp")) {
                out.add(new FeatureUse(Feature.PSP, o.line(), "--" + o.name()));
            }
        }
        script.initCommand().ifPresent(c -> command(c, out));
        for (Event e : script.events()) {
            out.addAll(uses(e));
        }
        script.cleanupCommand().ifPresent(c -> command(c, out));
        return List.copyOf(out);
    }

    /** The places in one event that need a feature. */
    public static List<FeatureUse> uses(Event event) {
        List<FeatureUse> out = new ArrayList<>();
        int line = event.line();
        if (event instanceof Event.Packet p) {
            if (!p.prefix().isEmpty() && !prefix(p.prefix(), line, out)) {
                out.add(new FeatureUse(Feature.PACKET_PREFIX, line, "prefix '" + p.prefix() + "'"));
            }
            if ((p.flags() & (TcpFlags.ECE | TcpFlags.CWR)) != 0) {
                out.add(new FeatureUse(Feature.ECN, line, "flags " + p.flagsText()));
            }
            if ((p.flags() & TcpFlags.URG) != 0 || p.urgentPointer().isPresent()) {
                out.add(new FeatureUse(Feature.URGENT, line, "urgent flag or pointer"));
            }
            for (TcpOption o : p.options()) {
                if (o instanceof TcpOption.FastOpen f) {
                    out.add(new FeatureUse(Feature.TCP_FAST_OPEN, line, f.experimental() ? "FOEXP option" : "FO option"));
                } else if (o instanceof TcpOption.Md5) {
                    out.add(new FeatureUse(Feature.TCP_MD5, line, "md5 option"));
                } else if (o instanceof TcpOption.Unknown u) {
                    out.add(new FeatureUse(Feature.UNKNOWN_TCP_OPTION, line, "option '" + u.name() + "'"));
                }
            }
        } else if (event instanceof Event.RawPacket r) {
            boolean known = prefix(r.text(), line, out);
            List<String> pieces = pieces(r.text());
            if (pieces.contains("udp")) {
                out.add(new FeatureUse(Feature.UDP, line, "udp packet"));
                known = true;
            }
            if (pieces.contains("icmp")) {
                out.add(new FeatureUse(Feature.ICMP, line, "icmp packet"));
                known = true;
            }
            if (!known) {
                out.add(new FeatureUse(Feature.PACKET_PREFIX, line, "packet '" + r.text() + "'"));
            }
        } else if (event instanceof Event.Syscall c) {
            if (c.name().startsWith("psp_")) {
                out.add(new FeatureUse(Feature.PSP, line, c.name() + "()"));
            }
            for (Expr a : c.args()) {
                words(a, line, out);
            }
        } else if (event instanceof Event.Command c) {
            command(c.command(), out);
        } else if (event instanceof Event.Code c) {
            if (c.code().text().contains("TCPI_OPT_SYN_DATA")) {
                out.add(new FeatureUse(Feature.TCP_FAST_OPEN, line, "TCPI_OPT_SYN_DATA"));
            }
            for (String s : c.code().other()) {
                out.add(new FeatureUse(Feature.CODE, line, s));
            }
        }
        return out;
    }

    private static void command(ShellCommand c, List<FeatureUse> out) {
        for (Sysctl s : c.sysctls()) {
            boolean on = !s.value().trim().equals("0");
            if (s.name().contains("tcp_fastopen") && on) {
                out.add(new FeatureUse(Feature.TCP_FAST_OPEN, c.line(), s.name() + "=" + s.value()));
            } else if (s.name().endsWith("tcp_ecn") && on) {
                out.add(new FeatureUse(Feature.ECN, c.line(), s.name() + "=" + s.value()));
            }
        }
    }

    private static void words(Expr e, int line, List<FeatureUse> out) {
        if (e instanceof Expr.Word w) {
            String n = w.name();
            if (n.equals("MSG_FASTOPEN") || n.startsWith("TCP_FASTOPEN")) {
                out.add(new FeatureUse(Feature.TCP_FAST_OPEN, line, n));
            } else if (n.equals("MSG_OOB") || n.equals("SO_OOBINLINE") || n.equals("SIOCATMARK")) {
                out.add(new FeatureUse(Feature.URGENT, line, n));
            } else if (n.startsWith("TCP_MD5SIG")) {
                out.add(new FeatureUse(Feature.TCP_MD5, line, n));
            }
        } else if (e instanceof Expr.Or o) {
            o.terms().forEach(t -> words(t, line, out));
        } else if (e instanceof Expr.Assign a) {
            words(a.value(), line, out);
        } else if (e instanceof Expr.Array a) {
            a.elements().forEach(t -> words(t, line, out));
        } else if (e instanceof Expr.Struct s) {
            s.fields().forEach(t -> words(t, line, out));
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(t -> words(t, line, out));
        }
    }

    /** Classifies the pieces of a packet prefix; false if nothing in it was recognised. */
    private static boolean prefix(String text, int line, List<FeatureUse> out) {
        List<String> p = pieces(text);
        Set<Feature> seen = EnumSet.noneOf(Feature.class);
        for (int i = 0; i < p.size(); i++) {
            String w = p.get(i);
            switch (w) {
                case "encap" -> {
                    String kind = i + 1 < p.size() ? p.get(i + 1) : "";
                    if (kind.equals("psp")) {
                        add(Feature.PSP, line, "encap psp", seen, out);
                    } else {
                        add(Feature.ENCAPSULATION, line, "encap " + kind, seen, out);
                    }
                }
                case "gre", "GREv0", "mpls" -> add(Feature.ENCAPSULATION, line, w, seen, out);
                case "ipv4", "ipv6" -> add(Feature.IP_HEADER, line, w + " header", seen, out);
                case "tos", "ttl", "flowlabel" -> add(Feature.IP_HEADER, line, w, seen, out);
                case "ect0", "ect1", "ect01", "ce", "noecn" -> add(Feature.ECN, line, "[" + w + "]", seen, out);
                default -> {
                    if (w.chars().allMatch(Character::isDigit) && i + 1 < p.size() && p.get(i + 1).equals(">")) {
                        add(Feature.IP_HEADER, line, "ports", seen, out);
                    }
                }
            }
        }
        return !seen.isEmpty();
    }

    private static void add(Feature f, int line, String reason, Set<Feature> seen, List<FeatureUse> out) {
        if (seen.add(f)) {
            out.add(new FeatureUse(f, line, reason));
        }
    }

    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}

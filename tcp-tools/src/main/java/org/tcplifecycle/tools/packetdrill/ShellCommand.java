package org.tcplifecycle.tools.packetdrill;

import java.util.ArrayList;
import java.util.List;

/**
 * A back-quoted shell command.
 *
 * @param line    1-based line of the opening back quote
 * @param text    the command text between the back quotes, exactly as written (may span lines)
 * @param sysctls the settings it assigns through {@code sysctl [-q] [-w] name=value},
 *                {@code set_sysctls.py /proc/sys/...=value} or {@code echo value > /proc/sys/...}, in order
 */
public record ShellCommand(int line, String text, List<Sysctl> sysctls) {
    public ShellCommand {
        sysctls = List.copyOf(sysctls);
    }

    /** Builds a command from its text, extracting the sysctl assignments it makes. */
    public static ShellCommand parse(int line, String text) {
        List<Sysctl> out = new ArrayList<>();
        for (List<String> words : commands(text)) {
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String base = w.substring(w.lastIndexOf('/') + 1);
                if (base.equals("sysctl") || base.equals("set_sysctls.py")) {
                    for (String a : words.subList(i + 1, words.size())) {
                        int eq = a.indexOf('=');
                        if (!a.startsWith("-") && eq > 0) {
                            out.add(new Sysctl(sysctlName(a.substring(0, eq)), a.substring(eq + 1)));
                        }
                    }
                    break;
                }
                if (base.equals("echo")) {
                    int gt = words.indexOf(">");
                    if (gt > i + 1 && gt + 1 < words.size() && words.get(gt + 1).startsWith("/proc/sys/")) {
                        int from = i + 1;
                        while (from < gt && words.get(from).startsWith("-")) {
                            from++;
                        }
                        out.add(new Sysctl(sysctlName(words.get(gt + 1)), String.join(" ", words.subList(from, gt))));
                    }
                    break;
                }
            }
        }
        return new ShellCommand(line, text, out);
    }

    /** {@code /proc/sys/net/ipv4/tcp_sack} and {@code net/ipv4/tcp_sack} become {@code net.ipv4.tcp_sack}. */
    private static String sysctlName(String raw) {
        String n = raw.startsWith("/proc/sys/") ? raw.substring("/proc/sys/".length()) : raw;
        return n.replace('/', '.');
    }

    /**
     * Splits shell text into simple commands (at newlines, {@code ;}, {@code &&}, {@code ||}, {@code |}) and
     * each into words, honouring single and double quotes (which are removed) and backslash escapes. An
     * unquoted {@code >} is a word of its own.
     */
    private static List<List<String>> commands(String text) {
        List<List<String>> cmds = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    w.append(text.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                if (n != '\n') {
                    w.append(n);
                    inWord = true;
                }
            } else if (c == ' ' || c == '\t' || c == '\r') {
                inWord = flush(w, inWord, words);
            } else if (c == '\n' || c == ';' || c == '&' || c == '|') {
                inWord = flush(w, inWord, words);
                if (!words.isEmpty()) {
                    cmds.add(words);
                    words = new ArrayList<>();
                }
            } else if (c == '>') {
                inWord = flush(w, inWord, words);
                words.add(">");
            } else {
                w.append(c);
                inWord = true;
            }
        }
        flush(w, inWord, words);
        if (!words.isEmpty()) {
            cmds.add(words);
        }
        return cmds;
    }

    private static boolean flush(StringBuilder w, boolean inWord, List<String> words) {
        if (inWord) {
            words.add(w.toString());
            w.setLength(0);
        }
        return false;
    }
}

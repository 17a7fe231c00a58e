package org.tcplifecycle.tools.packetdrill;

import java.util.Optional;

/**
 * A {@code --name} or {@code --name=value} line at the top of a script, e.g. {@code --tolerance_usecs=7000}.
 *
 * @param name  the option name without the leading dashes
 * @param value the text after {@code =} (surrounding double quotes removed), empty when there is no {@code =}
 * @param line  1-based source line
 */
public record ScriptOption(String name, Optional<String> value, int line) {
}

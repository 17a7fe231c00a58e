package org.tcplifecycle.tools.packetdrill;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed packetdrill script.
 *
 * @param source         name given to the parser (usually the file name), used in messages
 * @param options        the {@code --name[=value]} lines at the top, in order
 * @param initCommand    an untimed back-quoted command before the first event (packetdrill runs it first)
 * @param events         the timed events in order
 * @param cleanupCommand an untimed back-quoted command after the last event (packetdrill runs it last)
 */
public record Script(String source, List<ScriptOption> options, Optional<ShellCommand> initCommand,
                     List<Event> events, Optional<ShellCommand> cleanupCommand) {

    public Script {
        options = List.copyOf(options);
        events = List.copyOf(events);
    }

    /** The value of the last {@code --name=value} option with this name; empty if absent or valueless. */
    public Optional<String> option(String name) {
        Optional<String> v = Optional.empty();
        for (ScriptOption o : options) {
            if (o.name().equals(name)) {
                v = o.value();
            }
        }
        return v;
    }

    /** Whether an option {@code --name} (with or without value) is present. */
    public boolean hasOption(String name) {
        return options.stream().anyMatch(o -> o.name().equals(name));
    }

    /** The events of one type, in order. */
    public <T extends Event> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every place the script needs a feature beyond plain TCP, in source order. */
    public List<FeatureUse> featureUses() {
        return Features.uses(this);
    }

    /** The features this script needs beyond plain TCP; empty for a plain TCP script. */
    public Set<Feature> features() {
        Set<Feature> s = EnumSet.noneOf(Feature.class);
        for (FeatureUse u : featureUses()) {
            s.add(u.feature());
        }
        return s;
    }
}

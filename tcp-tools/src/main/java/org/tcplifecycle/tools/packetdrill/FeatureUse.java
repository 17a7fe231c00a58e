package org.tcplifecycle.tools.packetdrill;

/**
 * Where a script needs a feature.
 *
 * @param feature the feature
 * @param line    1-based source line of the event or option that needs it
 * @param reason  what in that line needs it, e.g. {@code FO option} or {@code MSG_FASTOPEN}
 */
public record FeatureUse(Feature feature, int line, String reason) {
}

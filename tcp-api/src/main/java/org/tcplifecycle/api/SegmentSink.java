package org.tcplifecycle.api;

/**
 * Where the engine puts segments it wants transmitted. The segment and its payload region are valid
 * only during the call: an in-memory link copies them, a wire sink encodes them into a buffer.
 */
@FunctionalInterface
public interface SegmentSink {
    void send(Segment segment);
}

package org.tcplifecycle.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

final class Hex {
    private Hex() {
    }

    /** Bytes from hex digits; spaces and '|' are ignored so vectors can be laid out by field. */
    static byte[] bytes(String hex) {
        String h = hex.replaceAll("[\\s|]", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    static String str(ByteBuffer b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) sb.append(String.format("%02x", b.get(off + i)));
        return sb.toString();
    }

    static String str(byte[] a) {
        return str(ByteBuffer.wrap(a), 0, a.length);
    }

    /** {@code data} placed at {@code off} inside a buffer of {@code off + data.length + tail} bytes. */
    static ByteBuffer buffer(byte[] data, int off, int tail, boolean direct, ByteOrder order) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(off + data.length + tail) : ByteBuffer.allocate(off + data.length + tail);
        b.order(order);
        for (int i = 0; i < data.length; i++) b.put(off + i, data[i]);
        return b;
    }
}

package org.tcplifecycle.tun;

import java.io.IOException;

/** A failed system call on a TUN device, carrying the errno and its symbolic name. */
public final class TunException extends IOException {
    private final int errno;

    TunException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The errno of the failed call, or 0 when the failure did not come from the kernel. */
    public int errno() {
        return errno;
    }

    /** Symbolic errno name such as {@code EPERM}, or {@code errno <n>} for values not in the table. */
    public String errnoName() {
        return Errno.name(errno);
    }

    static TunException of(String call, String subject, int errno) {
        StringBuilder m = new StringBuilder(96).append(call).append(' ').append(subject).append(" failed: ")
                .append(Errno.name(errno));
        String text = Errno.describe(errno);
        if (text != null) m.append(" (").append(text).append(')');
        String hint = Errno.hint(call, errno);
        if (hint != null) m.append(" - ").append(hint);
        return new TunException(m.toString(), errno);
    }
}

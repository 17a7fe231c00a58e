package org.tcplifecycle.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The few libc calls a TUN device needs, bound with JNA direct mapping: primitive arguments only, so a
 * call costs one JNI transition and allocates nothing. Buffers are passed as raw addresses (the caller
 * adds the buffer position itself, which keeps the meaning of an address independent of how JNA treats
 * {@code Buffer} arguments). Declaring {@link LastErrorException} makes JNA capture errno; the exception
 * is only created when the call fails.
 */
final class LibC {
    static final int O_RDWR = 0x2;
    static final int O_CLOEXEC = 0x80000;

    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    /** {@code _IOW('T', 202, int)}: the same value on x86_64 and aarch64. */
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    /** {@code sizeof(struct ifreq)} on 64-bit Linux: name[16] plus a 24-byte union. */
    static final int IFREQ_SIZE = 40;
    static final int IFNAMSIZ = 16;

    static final int EINTR = 4;
    static final int EAGAIN = 11;

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    static native long read(int fd, long buf, long count) throws LastErrorException;

    static native long write(int fd, long buf, long count) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int poll(long fds, long nfds, int timeoutMs) throws LastErrorException;

    static native int eventfd(int initval, int flags) throws LastErrorException;

    static native String strerror(int errnum);
}

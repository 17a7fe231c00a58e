package org.tcplifecycle.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN interface opened through {@code /dev/net/tun} in {@code IFF_TUN | IFF_NO_PI} mode: each
 * read returns one raw IPv4 or IPv6 packet, each write injects one into the kernel.
 *
 * <p>Direct buffers are the fast path: their address goes straight to {@code read(2)}/{@code write(2)}
 * and nothing is allocated per packet (the address of the most recently used buffer is cached, so an
 * event loop that reuses its buffers never asks JNA again). Heap buffers work too, through a scratch
 * direct buffer and one copy.
 *
 * <p>{@link #poll}, {@link #read} and {@link #write} belong to one thread at a time; {@link #wakeup()}
 * may be called from any thread. The interface disappears when the device is closed (it is not made
 * persistent).
 */
public final class TunDevice implements PacketDevice, AutoCloseable {
    /** The clone device of the Linux TUN driver. */
    public static final String CLONE_DEVICE = "/dev/net/tun";
    /** Longest interface name Linux accepts ({@code IFNAMSIZ - 1}). */
    public static final int MAX_NAME_LENGTH = LibC.IFNAMSIZ - 1;
    /** A buffer this large holds any packet a TUN device can deliver. */
    public static final int MAX_PACKET = 65535;

    private final int fd;
    private final int wakeFd;
    private final String name;
    /** Two {@code struct pollfd}: the TUN fd, then the eventfd that {@link #wakeup()} signals. */
    private final Memory pollFds = new Memory(16);
    private final long pollFdsAddr;
    /** The 8-byte counter value written to the eventfd: always 1, so any thread may use it. */
    private final Memory one = new Memory(8);
    private final Memory drain = new Memory(8);
    // One-entry address caches, separate for reads and writes so an event loop alternating between its
    // receive buffer and a handler's transmit buffer hits both.
    private ByteBuffer readBuf;
    private long readAddr;
    private ByteBuffer writeBuf;
    private long writeAddr;
    private ByteBuffer scratch;
    private long scratchAddr;
    private volatile boolean closed;

    private TunDevice(int fd, int wakeFd, String name) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.name = name;
        pollFdsAddr = Pointer.nativeValue(pollFds);
        pollFds.setInt(0, fd);
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setInt(8, wakeFd);
        pollFds.setShort(12, LibC.POLLIN);
        one.setLong(0, 1L);
    }

    /** Create a TUN interface with a kernel-assigned name ({@code tun0}, {@code tun1}, ...). */
    public static TunDevice open() throws TunException {
        return open(null);
    }

    /**
     * Create (or attach to a free, non-persistent) TUN interface.
     *
     * @param name the interface name, or null/empty to let the kernel choose; {@code %d} is replaced by
     *     the kernel with the first free number
     */
    public static TunDevice open(String name) throws TunException {
        return open(CLONE_DEVICE, name);
    }

    static TunDevice open(String cloneDevice, String name) throws TunException {
        byte[] nameBytes = name == null ? new byte[0] : name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("interface name longer than " + MAX_NAME_LENGTH + " bytes: " + name);
        }
        int fd;
        try {
            fd = LibC.open(cloneDevice, LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw TunException.of("open", cloneDevice, e.getErrorCode());
        }
        int wakeFd = -1;
        try {
            Memory ifr = new Memory(LibC.IFREQ_SIZE);
            ifr.clear();
            ifr.write(0, nameBytes, 0, nameBytes.length);
            ifr.setShort(LibC.IFNAMSIZ, (short) (LibC.IFF_TUN | LibC.IFF_NO_PI));
            try {
                LibC.ioctl(fd, LibC.TUNSETIFF, Pointer.nativeValue(ifr));
            } catch (LastErrorException e) {
                throw TunException.of("ioctl(TUNSETIFF)", cloneDevice + " name '" + (name == null ? "" : name) + "'",
                        e.getErrorCode());
            }
            String actual = ifr.getString(0, StandardCharsets.US_ASCII.name());
            try {
                wakeFd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
            } catch (LastErrorException e) {
                throw TunException.of("eventfd", "for " + actual, e.getErrorCode());
            }
            return new TunDevice(fd, wakeFd, actual);
        } catch (TunException | RuntimeException e) {
            closeQuietly(fd);
            if (wakeFd >= 0) closeQuietly(wakeFd);
            throw e;
        }
    }

    /** The interface name the kernel gave the device. */
    public String name() {
        return name;
    }

    @Override
    public boolean poll(int timeoutMs) throws TunException {
        ensureOpen();
        pollFds.setShort(6, (short) 0);
        pollFds.setShort(14, (short) 0);
        int n;
        try {
            n = LibC.poll(pollFdsAddr, 2, timeoutMs < 0 ? -1 : timeoutMs);
        } catch (LastErrorException e) {
            // A signal delivered to this thread interrupts poll(2) whatever SA_RESTART says: not an error.
            if (e.getErrorCode() == LibC.EINTR) return false;
            throw TunException.of("poll", name, e.getErrorCode());
        }
        if (n <= 0) return false;
        if (pollFds.getShort(14) != 0) drainWakeups();
        short rev = pollFds.getShort(6);
        if ((rev & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0) {
            throw new TunException("poll " + name + " reported revents 0x" + Integer.toHexString(rev & 0xFFFF), 0);
        }
        return (rev & LibC.POLLIN) != 0;
    }

    private void drainWakeups() {
        try {
            LibC.read(wakeFd, Pointer.nativeValue(drain), 8);
        } catch (LastErrorException e) {
            // EAGAIN: another poll already consumed the count; nothing else can fail on a live eventfd.
        }
    }

    @Override
    public int read(ByteBuffer dst) throws TunException {
        ensureOpen();
        int pos = dst.position();
        int room = dst.remaining();
        if (!dst.isDirect()) {
            ByteBuffer s = scratch(room);
            int n = readInto(scratchAddr, room);
            for (int i = 0; i < n; i++) dst.put(pos + i, s.get(i));
            return n;
        }
        if (dst.isReadOnly()) throw new IllegalArgumentException("read-only buffer");
        if (dst != readBuf) {
            readAddr = address(dst);
            readBuf = dst;
        }
        return readInto(readAddr + pos, room);
    }

    private int readInto(long addr, int room) throws TunException {
        try {
            return (int) LibC.read(fd, addr, room);
        } catch (LastErrorException e) {
            throw TunException.of("read", name, e.getErrorCode());
        }
    }

    @Override
    public void write(ByteBuffer packet) throws TunException {
        ensureOpen();
        int pos = packet.position();
        int len = packet.remaining();
        long addr;
        if (packet.isDirect()) {
            if (packet != writeBuf) {
                writeAddr = address(packet);
                writeBuf = packet;
            }
            addr = writeAddr + pos;
        } else {
            ByteBuffer s = scratch(len);
            for (int i = 0; i < len; i++) s.put(i, packet.get(pos + i));
            addr = scratchAddr;
        }
        long n;
        try {
            n = LibC.write(fd, addr, len);
        } catch (LastErrorException e) {
            throw TunException.of("write", name, e.getErrorCode());
        }
        if (n != len) throw new TunException("write " + name + " sent " + n + " of " + len + " bytes", 0);
    }

    @Override
    public void wakeup() {
        if (closed) return;
        try {
            LibC.write(wakeFd, Pointer.nativeValue(one), 8);
        } catch (LastErrorException e) {
            // EAGAIN means the counter is saturated: a wakeup is pending anyway.
        }
    }

    private static long address(ByteBuffer b) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(b));
    }

    private ByteBuffer scratch(int size) {
        if (scratch == null || scratch.capacity() < size) {
            scratch = ByteBuffer.allocateDirect(Math.max(size, MAX_PACKET));
            scratchAddr = address(scratch);
        }
        return scratch;
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("TUN device " + name + " is closed");
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Close the device; the interface is removed by the kernel. Not to be called while another thread polls. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        closeQuietly(fd);
        closeQuietly(wakeFd);
        readBuf = null;
        writeBuf = null;
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            // close(2) has released the descriptor even when it reports an error.
        }
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + (closed ? ", closed]" : "]");
    }
}

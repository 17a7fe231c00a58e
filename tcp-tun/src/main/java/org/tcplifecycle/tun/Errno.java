package org.tcplifecycle.tun;

/** Linux errno values (the generic table shared by x86_64 and aarch64) named for error messages. */
final class Errno {
    private static final String[] NAMES = {
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
        "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV",
        "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE",
        "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE"
    };

    private Errno() {
    }

    static String name(int errno) {
        if (errno > 0 && errno < NAMES.length) return NAMES[errno];
        return "errno " + errno;
    }

    static String describe(int errno) {
        try {
            return LibC.strerror(errno);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** What usually causes this error when setting up a TUN device. */
    static String hint(String call, int errno) {
        switch (errno) {
            case 1:
            case 13:
                return "creating a TUN device needs root or CAP_NET_ADMIN";
            case 2:
            case 6:
            case 19:
                return call.equals("open") ? "no TUN driver: load the 'tun' module or create /dev/net/tun"
                        + " (mknod /dev/net/tun c 10 200)" : null;
            case 16:
                return "the interface name is in use by a device that is not a free TUN device";
            case 25:
                return "the file is not a TUN clone device";
            default:
                return null;
        }
    }
}

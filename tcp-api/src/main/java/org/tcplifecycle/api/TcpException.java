package org.tcplifecycle.api;

/**
 * API misuse or a call the connection cannot honour in its state: names the operation, the state and
 * the RFC 9293 error text ("connection closing", "connection does not exist", ...).
 */
public class TcpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** RFC 9293 §3.10 error responses, plus the errno-like outcomes an application needs. */
    public enum Error {
        CONNECTION_DOES_NOT_EXIST("connection does not exist"),
        CONNECTION_ALREADY_EXISTS("connection already exists"),
        CONNECTION_CLOSING("connection closing"),
        CONNECTION_RESET("connection reset"),
        CONNECTION_REFUSED("connection refused"),
        CONNECTION_TIMED_OUT("connection timed out"),
        INSUFFICIENT_RESOURCES("insufficient resources"),
        ADDRESS_IN_USE("address in use"),
        PORTS_EXHAUSTED("no ephemeral port free for this destination"),
        FOREIGN_SOCKET_UNSPECIFIED("foreign socket unspecified"),
        INVALID_ARGUMENT("invalid argument");

        public final String text;

        Error(String text) {
            this.text = text;
        }
    }

    private final Error error;
    private final String operation;
    private final TcpState state;

    public TcpException(Error error, String operation, TcpState state) {
        super(operation + " in " + (state == null ? "no connection" : state.name()) + ": error: " + error.text);
        this.error = error;
        this.operation = operation;
        this.state = state;
    }

    public TcpException(Error error, String operation, TcpState state, String detail) {
        super(operation + " in " + (state == null ? "no connection" : state.name()) + ": error: " + error.text + " (" + detail + ")");
        this.error = error;
        this.operation = operation;
        this.state = state;
    }

    public Error error() {
        return error;
    }

    public String operation() {
        return operation;
    }

    /** The state the connection was in, or null when there was no connection. */
    public TcpState state() {
        return state;
    }
}

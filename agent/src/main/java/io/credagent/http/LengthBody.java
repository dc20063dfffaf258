package io.credagent.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** A response body of a known length, or up to the end of the connection: closing it closes the socket. */
final class LengthBody extends FilterInputStream {
    private final Socket socket;
    private final boolean untilClose;
    private long left;

    /** @param length the Content-Length, or {@link Long#MAX_VALUE} for up to the end of the connection */
    LengthBody(InputStream in, long length, Socket socket) {
        super(in);
        this.left = length;
        this.untilClose = length == Long.MAX_VALUE;
        this.socket = socket;
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            left--;
        } else if (!untilClose) {
            throw new IOException("the connection closed " + left + " bytes before the end of the response");
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, left));
        if (n > 0) {
            left -= n;
        } else if (n < 0 && !untilClose) {
            throw new IOException("the connection closed " + left + " bytes before the end of the response");
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), left);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

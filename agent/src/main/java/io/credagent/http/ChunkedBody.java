package io.credagent.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/** A {@code Transfer-Encoding: chunked} response body, decoded; closing it closes the socket. */
final class ChunkedBody extends InputStream {
    private final InputStream in;
    private final Socket socket;
    /** Bytes left in the current chunk; -1 before the first chunk; 0 after the last one. */
    private long left = -1;
    private boolean done;

    ChunkedBody(InputStream in, Socket socket) {
        this.in = in;
        this.socket = socket;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!nextChunk()) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, left));
        if (n < 0) {
            throw new IOException("the connection closed in the middle of a chunked response");
        }
        left -= n;
        return n;
    }

    /** True when bytes of a chunk are left to read. */
    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        if (left > 0) {
            return true;
        }
        if (left == 0) {
            SocketHttpConnection.readLine(in); // the CRLF after a chunk's data
        }
        String size = SocketHttpConnection.readLine(in);
        int extension = size.indexOf(';');
        try {
            left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("a chunked response with a chunk size that is not hexadecimal");
        }
        if (left < 0) {
            throw new IOException("a chunked response with a negative chunk size");
        }
        if (left == 0) {
            while (!SocketHttpConnection.readLine(in).isEmpty()) {
                // trailers: none of credagent's business
            }
            done = true;
            socket.close(); // the whole body read: the socket goes even if nobody closes this
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

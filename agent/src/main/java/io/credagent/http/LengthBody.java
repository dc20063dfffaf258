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
        if (length == 0) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to read on it
        }
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            endIfDone(1);
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
            endIfDone(n);
        } else if (n < 0 && !untilClose) {
            throw new IOException("the connection closed " + left + " bytes before the end of the response");
        }
        return n;
    }

    /** Counts what was read; the whole body read, the socket is closed even if nobody closes this. */
    private void endIfDone(int read) throws IOException {
        if (untilClose) {
            return;
        }
        left -= read;
        if (left == 0) {
            socket.close();
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[512];
        for (int read; skipped < n && (read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped))) > 0; ) {
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int limit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
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

package io.credagent.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP forwarder on a fixed 127.0.0.1 port that can be switched off, so that connecting to it is
 * refused (nothing listens), and on again on the same port: an endpoint that goes away and comes back.
 */
final class SwitchableProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private volatile ServerSocket listener;

    SwitchableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        ServerSocket first = bind(0);
        this.port = first.getLocalPort();
        serve(first);
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Connections are refused from now on. */
    synchronized void off() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    /** Accepting again, on the same port. */
    synchronized void on() throws IOException {
        if (listener == null) {
            serve(bind(port));
        }
    }

    @Override
    public void close() throws IOException {
        off();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void serve(ServerSocket socket) {
        listener = socket;
        daemon(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    daemon(() -> pump(client, target));
                    daemon(() -> pump(target, client));
                } catch (IOException e) {
                    return; // switched off
                }
            }
        });
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // either side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "switchable-proxy");
        thread.setDaemon(true);
        thread.start();
    }
}

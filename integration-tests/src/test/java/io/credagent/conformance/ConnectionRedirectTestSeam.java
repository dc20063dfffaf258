package io.credagent.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.nio.channels.SocketChannel;

/**
 * The conformance harness's test seam: {@code main(httpPort, httpsPort, cliArgs...)} sends every
 * direct TCP connection of its JVM to the loopback replay server (to its https port when the
 * first bytes written are a TLS handshake, else to its http port), then runs credagent's CLI
 * ({@code io.credagent.entry.AgentEntry}) with the remaining arguments in the same JVM. It lives
 * here, in the tests, so that no such switch ships in the product.
 *
 * <p>Why at the socket: credagent makes its calls on sockets of its own (not the JDK's
 * {@code HttpURLConnection}), including those to instance metadata and container endpoints, which
 * take no proxy. The JVM's {@link Socket#setSocketImplFactory} is the one place every such socket
 * passes. Host names resolve through the hosts file the harness gives ({@code jdk.net.hosts.file},
 * so nothing reaches DNS), and TLS ends at the replay server with a certificate for those names,
 * which the child's trust store alone trusts. The replay server rebuilds each original URL from the
 * listener it arrived on and the {@code Host} header.
 */
final class ConnectionRedirectTestSeam {

    private ConnectionRedirectTestSeam() {
    }

    /** {@code <httpPort> <httpsPort> <credagent CLI arguments...>}. */
    public static void main(String[] args) throws Throwable {
        int httpPort = Integer.parseInt(args[0]);
        int httpsPort = Integer.parseInt(args[1]);
        Socket.setSocketImplFactory(() -> new Redirected(httpPort, httpsPort));
        String[] cli = java.util.Arrays.copyOfRange(args, 2, args.length);
        Class.forName("io.credagent.entry.AgentEntry").getMethod("main", String[].class).invoke(null, (Object) cli);
    }

    /** A client socket whose every connection goes to the replay server on loopback. */
    private static final class Redirected extends SocketImpl {
        private final int httpPort;
        private final int httpsPort;
        private SocketChannel channel;
        private int timeout;

        Redirected(int httpPort, int httpsPort) {
            this.httpPort = httpPort;
            this.httpsPort = httpsPort;
        }

        @Override
        protected void create(boolean stream) throws IOException {
            if (!stream) {
                throw new SocketException("test seam: stream sockets only");
            }
        }

        @Override
        protected void connect(String host, int port) throws IOException {
            connect(new InetSocketAddress(host, port), 0);
        }

        @Override
        protected void connect(InetAddress host, int port) throws IOException {
            connect(new InetSocketAddress(host, port), 0);
        }

        /** Nothing is opened yet: the first bytes written say which of the replay server's ports to open. */
        @Override
        protected void connect(SocketAddress original, int timeout) throws IOException {
            InetSocketAddress from = (InetSocketAddress) original;
            address = from.getAddress();
            port = from.getPort();
        }

        private SocketChannel channel(boolean tls) throws IOException {
            if (channel == null) {
                channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), tls ? httpsPort : httpPort));
                localport = channel.socket().getLocalPort();
                channel.socket().setSoTimeout(timeout);
            }
            return channel;
        }

        @Override
        protected void bind(InetAddress host, int port) throws IOException {
            throw new SocketException("test seam: no bind");
        }

        @Override
        protected void listen(int backlog) throws IOException {
            throw new SocketException("test seam: client sockets only");
        }

        @Override
        protected void accept(SocketImpl s) throws IOException {
            throw new SocketException("test seam: client sockets only");
        }

        @Override
        protected InputStream getInputStream() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (channel == null) {
                        throw new SocketException("test seam: read before anything was written");
                    }
                    return channel.socket().getInputStream().read(buffer, offset, length);
                }
            };
        }

        @Override
        protected OutputStream getOutputStream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    if (length > 0) {
                        // 0x16: a TLS handshake record, the ClientHello
                        channel(buffer[offset] == 0x16).socket().getOutputStream().write(buffer, offset, length);
                    }
                }
            };
        }

        @Override
        protected int available() throws IOException {
            return channel == null ? 0 : channel.socket().getInputStream().available();
        }

        @Override
        protected void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        protected void sendUrgentData(int data) throws IOException {
            throw new SocketException("test seam: no urgent data");
        }

        @Override
        public void setOption(int option, Object value) throws SocketException {
            if (option == SocketOptions.SO_TIMEOUT) {
                timeout = (Integer) value;
                if (channel != null) {
                    channel.socket().setSoTimeout(timeout);
                }
            }
        }

        @Override
        public Object getOption(int option) throws SocketException {
            switch (option) {
                case SocketOptions.SO_TIMEOUT:
                    return timeout;
                case SocketOptions.SO_BINDADDR:
                    return InetAddress.getLoopbackAddress();
                case SocketOptions.TCP_NODELAY:
                case SocketOptions.SO_KEEPALIVE:
                case SocketOptions.SO_OOBINLINE:
                    return Boolean.FALSE;
                case SocketOptions.SO_LINGER:
                    return -1;
                default:
                    return null;
            }
        }
    }
}

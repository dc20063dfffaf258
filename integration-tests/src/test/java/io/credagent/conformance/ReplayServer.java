package io.credagent.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The loopback HTTP and HTTPS server every connection of a {@link ConnectionRedirectTestSeam} child
 * lands on. The original URL is the listener's scheme, the {@code Host} header and the request
 * target; a {@link Responder} answers from it. Every request is kept, and everything a responder found wrong
 * ({@link #problem}) fails the case: that is how "must not fall through" is checked.
 */
final class ReplayServer implements AutoCloseable {

    record Request(String method, URI uri, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return method + " " + uri;
        }
    }

    record Response(int status, Map<String, List<String>> headers, String body) {
        static Response of(int status, String contentType, String body) {
            return new Response(status, Map.of("content-type", List.of(contentType)), body);
        }
    }

    interface Responder {
        /** Answers one request; may call {@link ReplayServer#problem} to fail the case. */
        Response respond(Request request, ReplayServer server);
    }

    private final HttpServer server;
    private final HttpsServer tlsServer;
    private final Responder responder;
    private final List<Request> requests = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    ReplayServer(Responder responder) throws IOException {
        this.responder = responder;
        java.util.concurrent.ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "replay-server");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> handle(exchange, "http"));
        server.setExecutor(executor);
        this.tlsServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tlsServer.setHttpsConfigurator(new HttpsConfigurator(ReplayNetwork.get().tls.serverContext()));
        tlsServer.createContext("/", exchange -> handle(exchange, "https"));
        tlsServer.setExecutor(executor);
        server.start();
        tlsServer.start();
    }

    int httpPort() {
        return server.getAddress().getPort();
    }

    int httpsPort() {
        return tlsServer.getAddress().getPort();
    }

    synchronized void problem(String text) {
        problems.add(text);
    }

    synchronized List<String> problems() {
        return new ArrayList<>(problems);
    }

    synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange, String scheme) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String host = exchange.getRequestHeaders().getFirst("Host");
            Response response;
            if (host == null) {
                problem("a request reached the replay server without a Host header: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI());
                response = Response.of(400, "text/plain", "no Host header");
            } else {
                Request request = new Request(exchange.getRequestMethod(),
                        URI.create(scheme + "://" + host + exchange.getRequestURI().toString()),
                        Exchange.lowerCaseFirst(exchange.getRequestHeaders()), body);
                synchronized (this) {
                    requests.add(request);
                }
                response = responder.respond(request, this);
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            response.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("connection") && !name.equalsIgnoreCase("transfer-encoding")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException e) {
            problem("replay server failure: " + e);
            throw e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        tlsServer.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

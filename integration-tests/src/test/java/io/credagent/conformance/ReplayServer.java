package io.credagent.conformance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

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
 * The loopback HTTP server every request of a {@link HttpRedirectTestSeam} child lands on.
 * The child's test seam sends the original absolute URL in {@value #ORIGINAL_URL_HEADER}; a
 * {@link Responder} answers from it. Every request is kept, and everything a responder found wrong
 * ({@link #problem}) fails the case: that is how "must not fall through" is checked.
 */
final class ReplayServer implements AutoCloseable {

    static final String ORIGINAL_URL_HEADER = HttpRedirectTestSeam.ORIGINAL_URL_HEADER;

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
    private final Responder responder;
    private final List<Request> requests = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    ReplayServer(Responder responder) throws IOException {
        this.responder = responder;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "replay-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String original = exchange.getRequestHeaders().getFirst(ORIGINAL_URL_HEADER);
            Response response;
            if (original == null) {
                problem("a request reached the replay server without the test seam's original URL: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI());
                response = Response.of(502, "text/plain", "no original URL");
            } else {
                Request request = new Request(exchange.getRequestMethod(), URI.create(original),
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
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

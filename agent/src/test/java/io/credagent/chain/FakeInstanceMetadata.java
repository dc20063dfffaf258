package io.credagent.chain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback-only stand-in for the EC2 instance metadata service (IMDSv2). */
final class FakeInstanceMetadata implements AutoCloseable {

    static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    volatile String role = "app-role";
    volatile int credentialsStatus = 200;

    FakeInstanceMetadata() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long credentialFetches() {
        return requests.stream().filter(r -> r.equals("GET " + CREDENTIALS_PATH + role)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        requests.add(request);
        if (request.equals("PUT /latest/api/token")) {
            reply(exchange, 200, "fake-imds-token");
        } else if (!"fake-imds-token".equals(exchange.getRequestHeaders().getFirst("x-aws-ec2-metadata-token"))) {
            reply(exchange, 401, "");
        } else if (request.equals("GET " + CREDENTIALS_PATH)) {
            reply(exchange, role == null ? 404 : 200, role == null ? "" : role);
        } else if (role != null && request.equals("GET " + CREDENTIALS_PATH + role)) {
            reply(exchange, credentialsStatus, credentialsStatus != 200 ? "{\"message\":\"broken\"}"
                    : "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"ASIAINSTANCE00000001\","
                    + "\"SecretAccessKey\":\"instanceSecret\",\"Token\":\"instanceToken\","
                    + "\"Expiration\":\"2099-01-01T00:00:00Z\",\"LastUpdated\":\"2024-01-01T00:00:00Z\"}");
        } else {
            reply(exchange, 404, "");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

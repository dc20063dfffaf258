package io.credagent.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake STS on 127.0.0.1 that answers AssumeRole (query protocol, as SDK v1 and v2 send it) and
 * counts the calls. Credentials expire {@code DurationSeconds} after the call, or after 3600 s (STS's
 * default) when the request has none. "Now" is this JVM's wall clock, which the STS-calls harness
 * simulates, so the expirations are on the same clock as the SDKs' refresh decisions. Requests are
 * not signature-checked: this counts calls, the integration tests check signatures.
 */
final class CountingSts {

    static final String KEY_PREFIX = "ASIAFAKESTS";
    private static final long STS_DEFAULT_DURATION_SECONDS = 3600;

    private final HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    private final Map<String, Instant> expirationByKeyId = new ConcurrentHashMap<>();
    /** Per RoleSessionName: the (simulated) epoch seconds of each call. */
    private final Map<String, List<Long>> callsBySession = new TreeMap<>();
    private final Map<String, Integer> callsByDuration = new TreeMap<>();

    private CountingSts(HttpServer server) {
        this.server = server;
    }

    static CountingSts start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        CountingSts sts = new CountingSts(server);
        server.createContext("/", sts::handle);
        server.start();
        return sts;
    }

    void stop() {
        server.stop(0);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** True while a request is being answered. */
    boolean busy() {
        return inFlight.get() > 0;
    }

    /** When credentials this fake issued expire; null for a key it never issued. */
    Instant expirationOf(String accessKeyId) {
        return expirationByKeyId.get(accessKeyId);
    }

    synchronized int calls() {
        return callsBySession.values().stream().mapToInt(List::size).sum();
    }

    synchronized Map<String, List<Long>> callsBySession() {
        Map<String, List<Long>> copy = new TreeMap<>();
        callsBySession.forEach((session, times) -> copy.put(session, new ArrayList<>(times)));
        return copy;
    }

    /** How many calls asked for each DurationSeconds ("none" when the request had none). */
    synchronized Map<String, Integer> callsByDuration() {
        return new TreeMap<>(callsByDuration);
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            if (!"AssumeRole".equals(params.get("Action"))) {
                reply(exchange, 400, "<ErrorResponse><Error><Code>InvalidAction</Code><Message>only AssumeRole"
                        + "</Message></Error></ErrorResponse>");
                return;
            }
            reply(exchange, 200, assumeRole(params));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private String assumeRole(Map<String, String> params) {
        String duration = params.get("DurationSeconds");
        Instant now = Instant.now();
        Instant expiration = now.plusSeconds(duration == null ? STS_DEFAULT_DURATION_SECONDS
                : Long.parseLong(duration));
        String keyId = String.format("%s%09d", KEY_PREFIX, issued.incrementAndGet());
        expirationByKeyId.put(keyId, expiration);
        String session = params.getOrDefault("RoleSessionName", "?");
        synchronized (this) {
            callsBySession.computeIfAbsent(session, s -> new ArrayList<>()).add(now.getEpochSecond());
            callsByDuration.merge(duration == null ? "none" : duration, 1, Integer::sum);
        }
        return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/bench/" + session + "</Arn>"
                + "<AssumedRoleId>AROAFAKESTS:" + session + "</AssumedRoleId></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>" + keyId + "</AccessKeyId>"
                + "<SecretAccessKey>fakeStsSecret" + keyId + "</SecretAccessKey>"
                + "<SessionToken>fakeStsToken" + keyId + "</SessionToken>"
                + "<Expiration>" + expiration + "</Expiration></Credentials>"
                + "</AssumeRoleResult><ResponseMetadata><RequestId>" + keyId + "</RequestId></ResponseMetadata>"
                + "</AssumeRoleResponse>";
    }

    /** Connection: close, so no client keeps a connection whose idle timers run on the simulated clock. */
    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}

package io.credagent.fake;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Snowflake's login endpoint on 127.0.0.1 (plain http, as the driver's {@code ssl=off} speaks it),
 * for {@code authenticator=WORKLOAD_IDENTITY} with {@code PROVIDER=AWS}: the {@code TOKEN} is a
 * base64 JSON description of an STS {@code GetCallerIdentity} request the driver signed, and, as
 * Snowflake does, the fake admits the login only if that request's SigV4 signature verifies with
 * keys the fake issued and it carries {@code X-Snowflake-Audience: snowflakecomputing.com} among
 * its signed headers. Answers {@code /session?delete=true} on close. Each login is recorded.
 */
public final class FakeSnowflake implements AutoCloseable {

    /** One login: who signed the attestation (null when refused), or why it was refused. */
    public record Login(String callerArn, String refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    private final SigV4Verifier sts;
    private final HttpServer server;
    private final List<Login> logins = new CopyOnWriteArrayList<>();

    FakeSnowflake(Principals principals) {
        this.sts = new SigV4Verifier(principals, "sts");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/session/v1/login-request", this::login);
        server.createContext("/session", exchange -> reply(exchange, "{\"success\":true,\"data\":null,\"code\":null,\"message\":null}"));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Login> logins() {
        return List.copyOf(logins);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void login(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Login login;
        try {
            login = new Login(verify(body), null);
        } catch (AwsError e) {
            login = new Login(null, e.code + ": " + e.getMessage());
        } catch (RuntimeException e) {
            login = new Login(null, "unreadable login request: " + e);
        }
        logins.add(login);
        reply(exchange, login.ok()
                ? "{\"success\":true,\"data\":{\"token\":\"session-token\",\"masterToken\":\"master-token\","
                        + "\"validityInSeconds\":3600,\"parameters\":[{\"name\":\"AUTOCOMMIT\",\"value\":true}]}}"
                : "{\"success\":false,\"code\":\"390144\",\"data\":null,\"message\":" + Json.quote(login.refusal()) + "}");
    }

    @SuppressWarnings("unchecked")
    private String verify(String loginRequest) throws AwsError {
        Map<String, Object> data = (Map<String, Object>) Json.parseObject(loginRequest).get("data");
        if (!"WORKLOAD_IDENTITY".equals(data.get("AUTHENTICATOR")) || !"AWS".equals(data.get("PROVIDER"))) {
            throw new AwsError(400, "NotWorkloadIdentity", "AUTHENTICATOR " + data.get("AUTHENTICATOR") + ", PROVIDER " + data.get("PROVIDER"));
        }
        Map<String, Object> attestation = Json.parseObject(
                new String(Base64.getDecoder().decode((String) data.get("TOKEN")), StandardCharsets.UTF_8));
        URI url = URI.create((String) attestation.get("url"));
        Headers headers = new Headers();
        ((Map<String, Object>) attestation.get("headers")).forEach((name, value) -> headers.add(name, (String) value));
        HttpCall call = new HttpCall((String) attestation.get("method"), url.getRawPath(), url.getRawQuery(), headers, new byte[0]);
        if (!"POST".equals(call.method) || !url.getHost().matches("sts(\\.[a-z0-9-]+)?\\.amazonaws\\.com")
                || !"Action=GetCallerIdentity&Version=2011-06-15".equals(call.rawQuery)
                || !url.getHost().equals(call.header("Host"))) {
            throw new AwsError(400, "NotGetCallerIdentity", "the attestation is not an STS GetCallerIdentity request: " + url);
        }
        String authorization = call.header("Authorization");
        if (!"snowflakecomputing.com".equals(call.header("X-Snowflake-Audience"))
                || authorization == null || !authorization.contains("x-snowflake-audience")) {
            throw new AwsError(403, "WrongAudience", "the attestation does not sign X-Snowflake-Audience: snowflakecomputing.com");
        }
        return sts.verify(call, Instant.now()).arn();
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

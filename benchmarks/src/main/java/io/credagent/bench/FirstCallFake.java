package io.credagent.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a first signed call needs, on 127.0.0.1: STS GetCallerIdentity and AssumeRole (query
 * protocol), IAM Identity Center's GetRoleCredentials and S3's ListBuckets. Signatures are not checked: this times
 * the call, the integration tests check signatures.
 */
final class FirstCallFake {

    private final HttpServer server;
    private final AtomicInteger issued = new AtomicInteger();

    private FirstCallFake(HttpServer server) {
        this.server = server;
    }

    static FirstCallFake start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        FirstCallFake fake = new FirstCallFake(server);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = String.format("ASIAFIRSTCALL%07d", issued.incrementAndGet());
        Instant expiration = Instant.now().plusSeconds(3600);
        if (exchange.getRequestURI().getPath().startsWith("/federation/credentials")) {
            reply(exchange, "application/json", "{\"roleCredentials\":{\"accessKeyId\":\"" + key
                    + "\",\"secretAccessKey\":\"secret\",\"sessionToken\":\"token\",\"expiration\":"
                    + expiration.toEpochMilli() + "}}");
        } else if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/")) {
            reply(exchange, "application/xml", "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<Owner><ID>1</ID><DisplayName>bench</DisplayName></Owner><Buckets></Buckets></ListAllMyBucketsResult>");
        } else if (body.contains("Action=AssumeRole")) {
            reply(exchange, "text/xml", "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/bench/s</Arn>"
                    + "<AssumedRoleId>AROAFIRSTCALL:s</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>" + key
                    + "</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>"
                    + "<Expiration>" + expiration + "</Expiration></Credentials></AssumeRoleResult>"
                    + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>");
        } else {
            reply(exchange, "text/xml", "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>arn:aws:sts::111122223333:assumed-role/bench/s</Arn>"
                    + "<UserId>AROAFIRSTCALL:s</UserId><Account>111122223333</Account></GetCallerIdentityResult>"
                    + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
        }
    }

    private static void reply(HttpExchange exchange, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

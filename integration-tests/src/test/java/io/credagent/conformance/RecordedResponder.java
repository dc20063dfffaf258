package io.credagent.conformance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers from a scenario's recording (the README's plan 6.3): one FIFO queue of exchanges per
 * request key, so retries of one request get the recorded 503 and then the 200. Checks on the way
 * that IMDS requests carry the session token the recorded PUT handed out, that SSO requests carry
 * the bearer token header, and that an STS call is the recorded {@code Action}. Anything not in
 * the recording is answered 502 and fails the case, except an extended-IMDS probe (404), and, where
 * the case allows it, extra attempts after the queue ran dry (the last response again).
 */
final class RecordedResponder implements ReplayServer.Responder {

    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");

    private final Map<String, Deque<Exchange>> queues = new LinkedHashMap<>();
    private final Map<String, Exchange> last = new LinkedHashMap<>();
    private final boolean repeatLast;
    private String imdsToken;

    /** @param repeatLast serve the last response again to attempts beyond the recording */
    RecordedResponder(List<Exchange> exchanges, boolean repeatLast) {
        for (Exchange exchange : exchanges) {
            queues.computeIfAbsent(exchange.key(), k -> new ArrayDeque<>()).add(exchange);
        }
        this.repeatLast = repeatLast;
    }

    @Override
    public synchronized ReplayServer.Response respond(ReplayServer.Request request, ReplayServer server) {
        String key = Exchange.key(request.method(), request.uri());
        Deque<Exchange> queue = queues.get(key);
        Exchange exchange = queue == null ? null : queue.poll();
        if (exchange == null) {
            if (request.uri().getPath().startsWith("/latest/meta-data/iam/security-credentials-extended")) {
                return ReplayServer.Response.of(404, "text/plain", "");
            }
            if (repeatLast && last.containsKey(key)) {
                exchange = last.get(key);
            } else {
                server.problem("unexpected request " + request + " (not in the recording, or more often than recorded)");
                return ReplayServer.Response.of(502, "text/plain", "not in the recording");
            }
        }
        last.put(key, exchange);
        check(exchange, request, server);
        if (exchange.method().equals("PUT") && exchange.uri().getPath().equals("/latest/api/token")
                && exchange.status() == 200) {
            imdsToken = exchange.responseBody();
        }
        return new ReplayServer.Response(exchange.status(), exchange.responseHeaders(), exchange.responseBody());
    }

    private void check(Exchange exchange, ReplayServer.Request request, ReplayServer server) {
        String path = request.uri().getPath();
        if (path.startsWith("/latest/meta-data/") && !path.equals("/latest/api/token")) {
            String sent = request.headers().get("x-aws-ec2-metadata-token");
            if (sent == null || !sent.equals(imdsToken)) {
                server.problem(request + " carried IMDS token " + sent + ", expected the one the PUT returned: " + imdsToken);
            }
        }
        if (path.startsWith("/federation/credentials") && request.headers().get("x-amz-sso_bearer_token") == null) {
            server.problem(request + " has no x-amz-sso_bearer_token header");
        }
        String recordedAction = action(exchange.requestBody());
        if (exchange.method().equals("POST") && recordedAction != null) {
            String sentAction = action(request.body());
            if (!recordedAction.equals(sentAction)) {
                server.problem(request + " is STS " + sentAction + ", the recording has " + recordedAction);
            }
        }
    }

    private static String action(String formBody) {
        Matcher m = ACTION.matcher(formBody == null ? "" : formBody);
        return m.find() ? m.group(1) : null;
    }

    /** The recorded exchanges nobody asked for, e.g. {@code #1 GET http://169.254.169.254/...}. */
    synchronized List<String> unconsumed() {
        List<String> left = new ArrayList<>();
        queues.values().forEach(q -> q.forEach(e -> left.add("#" + e.id() + " " + e.method() + " " + e.uri())));
        return left;
    }
}

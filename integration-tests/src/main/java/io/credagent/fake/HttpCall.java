package io.credagent.fake;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request, read once (the body is needed twice: to verify the signature and to read the
 * parameters). The service that handles it writes what it learned (action, signing key, caller) into
 * the public fields, which {@link FakeAws} copies into the request log.
 */
final class HttpCall {
    final String method;
    /** Path as sent on the wire, still percent-encoded: SigV4 signs the encoded form. */
    final String rawPath;
    /** Query as sent on the wire, or "" if none. */
    final String rawQuery;
    final Headers headers;
    final byte[] body;

    // Filled in by the handling service, read by the request log.
    String action;
    String signingAccessKeyId;
    String callerArn;
    String issuedAccessKeyId;
    Map<String, String> details = Map.of();

    HttpCall(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        this.method = method;
        this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        this.headers = headers;
        this.body = body;
    }

    static HttpCall read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        return new HttpCall(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
    }

    /** The header's values joined with ",", or null if absent. Header names are case-insensitive. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Query parameters, decoded; the first occurrence of a name wins. */
    Map<String, String> queryParams() {
        return decodeForm(rawQuery);
    }

    /** Query parameters plus form-body parameters: the query protocol accepts either. */
    Map<String, String> queryAndFormParams() {
        Map<String, String> params = new LinkedHashMap<>(queryParams());
        String contentType = header("Content-Type");
        boolean form = contentType == null
                || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        if (form && body.length > 0) {
            decodeForm(bodyText()).forEach(params::putIfAbsent);
        }
        return params;
    }

    private static Map<String, String> decodeForm(String encoded) {
        Map<String, String> result = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return result;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            result.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return result;
    }
}

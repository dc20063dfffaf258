package io.credagent.fake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fake service answers. {@code errorCode} is null for success; it is what the request log
 * records as the outcome, so tests can count e.g. ExpiredToken rejections.
 */
record Reply(int status, String contentType, String body, Map<String, String> headers, String errorCode) {

    static Reply ok(String contentType, String body) {
        return new Reply(200, contentType, body, Map.of(), null);
    }

    static Reply error(int status, String contentType, String body, String errorCode) {
        return new Reply(status, contentType, body, Map.of(), errorCode);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, contentType, body, all, errorCode);
    }

    static Reply notFound() {
        return error(404, "text/plain", "Not Found", "NotFound");
    }
}

package io.credagent.conformance;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One recorded HTTP exchange of a smithy "DVR" recording ({@code http-traffic.json}, version V0):
 * the request the SDK is expected to send and the response it gets.
 *
 * @param requestHeaders  lower-case names, first value only
 * @param requestBody     as recorded; not an expectation (session names, signatures differ), only its
 *                        {@code Action=} is checked
 * @param responseHeaders as recorded, without {@code content-length} (the server computes it)
 */
record Exchange(int id, String method, URI uri, Map<String, String> requestHeaders, String requestBody, int status,
                Map<String, List<String>> responseHeaders, String responseBody) {

    /**
     * Requests match on method, scheme, authority, path without a trailing slash, and the query
     * parameters as a sorted set (the README's plan 6.3): a retry of the same request gets the
     * next exchange with the same key.
     */
    static String key(String method, URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> query = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                query.add(pair);
            }
        }
        query.sort(null);
        return method.toUpperCase(Locale.ROOT) + " " + uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                + uri.getRawAuthority().toLowerCase(Locale.ROOT) + path + "?" + String.join("&", query);
    }

    String key() {
        return key(method, uri);
    }

    static Map<String, String> lowerCaseFirst(Map<String, List<String>> headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (!values.isEmpty()) {
                out.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return out;
    }
}

package io.credagent.conformance;

import io.credagent.fake.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code http-traffic.json} into {@link Exchange}s, ordered by connection id. */
final class Recording {

    private Recording() {
    }

    @SuppressWarnings("unchecked")
    static List<Exchange> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        Map<String, Object> root;
        try {
            root = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!"V0".equals(root.get("version"))) {
            throw new IllegalArgumentException(file + ": unknown recording version " + root.get("version"));
        }
        Map<Integer, Map<String, Object>> request = new TreeMap<>();
        Map<Integer, Map<String, Object>> response = new TreeMap<>();
        Map<Integer, StringBuilder> body = new TreeMap<>();
        Map<Integer, StringBuilder> requestBody = new TreeMap<>();
        for (Object e : (List<Object>) root.get("events")) {
            Map<String, Object> event = (Map<String, Object>) e;
            int id = ((Number) event.get("connection_id")).intValue();
            Map<String, Object> action = (Map<String, Object>) event.get("action");
            if (action.containsKey("Request")) {
                request.put(id, (Map<String, Object>) ((Map<String, Object>) action.get("Request")).get("request"));
            } else if (action.containsKey("Response")) {
                Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) action.get("Response")).get("response");
                if (!result.containsKey("Ok")) {
                    throw new IllegalArgumentException(file + ": connection " + id + " records " + result.keySet()
                            + "; only Ok responses are replayed");
                }
                response.put(id, (Map<String, Object>) result.get("Ok"));
            } else if (action.containsKey("Data")) {
                Map<String, Object> data = (Map<String, Object>) action.get("Data");
                Map<String, Object> payload = (Map<String, Object>) data.get("data");
                if (!payload.containsKey("Utf8")) {
                    throw new IllegalArgumentException(file + ": only Utf8 data is replayed");
                }
                (("Response".equals(data.get("direction"))) ? body : requestBody)
                        .computeIfAbsent(id, k -> new StringBuilder()).append((String) payload.get("Utf8"));
            }
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> entry : request.entrySet()) {
            int id = entry.getKey();
            Map<String, Object> req = entry.getValue();
            Map<String, Object> resp = response.get(id);
            if (resp == null) {
                throw new IllegalArgumentException(file + ": connection " + id + " has no response");
            }
            Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
            ((Map<String, Object>) resp.get("headers")).forEach((name, values) -> {
                if (!name.equalsIgnoreCase("content-length")) {
                    responseHeaders.put(name, (List<String>) (List<?>) values);
                }
            });
            exchanges.add(new Exchange(id, (String) req.get("method"), URI.create((String) req.get("uri")),
                    Exchange.lowerCaseFirst((Map<String, List<String>>) (Map<String, ?>) req.get("headers")),
                    requestBody.getOrDefault(id, new StringBuilder()).toString(),
                    ((Number) resp.get("status")).intValue(), responseHeaders,
                    body.getOrDefault(id, new StringBuilder()).toString()));
        }
        return exchanges;
    }
}

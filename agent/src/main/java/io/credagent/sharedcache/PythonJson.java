package io.credagent.sharedcache;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * JSON as Python's {@code json.dumps} writes it (with {@code ensure_ascii}): the AWS CLI's cache
 * files and the documents it hashes into their names. Keys in the map's order (a sorted map for
 * {@code sort_keys=True}). Values are strings, numbers, booleans, null, lists, maps, or
 * {@link JsonNode}s kept from an existing file.
 */
public final class PythonJson {

    private final String itemSeparator;
    private final String keySeparator;

    private PythonJson(String itemSeparator, String keySeparator) {
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
    }

    /** Default separators, {@code ", "} and {@code ": "}. */
    public static String write(Object value) {
        return write(value, ", ", ": ");
    }

    /** {@code separators=(item, key)}: {@code (",", ":")} for compact JSON. */
    public static String write(Object value, String itemSeparator, String keySeparator) {
        StringBuilder out = new StringBuilder();
        new PythonJson(itemSeparator, keySeparator).append(value, out);
        return out.toString();
    }

    private void append(Object value, StringBuilder out) {
        if (value instanceof JsonNode) {
            appendNode((JsonNode) value, out);
        } else if (value == null || value instanceof Boolean || value instanceof Number) {
            out.append(value == null ? "null" : value.toString());
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                out.append(first ? "" : itemSeparator);
                first = false;
                appendString(String.valueOf(entry.getKey()), out);
                out.append(keySeparator);
                append(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object element : (List<?>) value) {
                out.append(first ? "" : itemSeparator);
                first = false;
                append(element, out);
            }
            out.append(']');
        } else {
            appendString(value.toString(), out);
        }
    }

    private void appendNode(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            append(node.asObject(), out);
        } else if (node.isArray()) {
            append(node.asArray(), out);
        } else if (node.isString()) {
            appendString(node.asString(), out);
        } else if (node.isNumber()) {
            out.append(node.asNumber());
        } else if (node.isBoolean()) {
            out.append(node.asBoolean());
        } else {
            out.append("null");
        }
    }

    /** Python's {@code ensure_ascii} string encoding: non-ASCII as lowercase {@code \\uXXXX} (surrogate pairs as two). */
    private static void appendString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}

package io.credagent.fake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal path-style S3 ({@code /bucket/key}) on a port of its own, for Hadoop S3A and SDK S3
 * clients: ListObjectsV2, HeadObject and GetObject (with {@code Range} and {@code If-Match}).
 * Every request must carry a valid SigV4 signature by keys the fake issued, with
 * {@code x-amz-content-sha256} as S3 signs it; objects are text.
 */
final class FakeS3 {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private record S3Object(String content, String etag, Instant lastModified) {
        int size() {
            return content.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private final SigV4Verifier verifier;
    private final Map<String, NavigableMap<String, S3Object>> buckets = new ConcurrentHashMap<>();

    FakeS3(Principals principals) {
        this.verifier = SigV4Verifier.forS3(principals);
    }

    void put(String bucket, String key, String content) {
        buckets.computeIfAbsent(bucket, b -> new TreeMap<>()).put(key, new S3Object(content, etag(content), Instant.now()));
    }

    Reply handle(HttpCall call) {
        String path = SigV4Verifier.percentDecode(call.rawPath.substring(1));
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        call.action = key.isEmpty() ? "ListObjectsV2" : call.method.equals("HEAD") ? "HeadObject" : "GetObject";
        if (call.header("X-Amz-Content-Sha256") == null) {
            return error(call, 400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        }
        try {
            verifier.verify(call, Instant.now());
        } catch (AwsError e) {
            return error(call, e.status, e.code, e.getMessage());
        }
        NavigableMap<String, S3Object> objects = buckets.get(bucket);
        if (objects == null) {
            return error(call, 404, "NoSuchBucket", "The specified bucket does not exist");
        }
        if (key.isEmpty()) {
            return list(bucket, objects, call.queryParams());
        }
        S3Object object;
        synchronized (objects) {
            object = objects.get(key);
        }
        if (object == null) {
            return error(call, 404, "NoSuchKey", "The specified key does not exist.");
        }
        String ifMatch = call.header("If-Match");
        if (ifMatch != null && !ifMatch.equals(object.etag())) {
            return error(call, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        }
        if (call.method.equals("HEAD")) {
            return objectReply(200, "", object).withHeader("Content-Length", String.valueOf(object.size()));
        }
        String range = call.header("Range");
        if (range != null && range.startsWith("bytes=")) {
            byte[] bytes = object.content().getBytes(StandardCharsets.UTF_8);
            String[] bounds = range.substring("bytes=".length()).split("-", 2);
            int start = Integer.parseInt(bounds[0]);
            if (start >= bytes.length) {
                return error(call, 416, "InvalidRange", "The requested range is not satisfiable");
            }
            int end = bounds.length < 2 || bounds[1].isEmpty() ? bytes.length - 1 : Math.min(Integer.parseInt(bounds[1]), bytes.length - 1);
            String part = new String(bytes, start, end - start + 1, StandardCharsets.UTF_8);
            return objectReply(206, part, object).withHeader("Content-Range", "bytes " + start + "-" + end + "/" + bytes.length);
        }
        return objectReply(200, object.content(), object);
    }

    private static Reply objectReply(int status, String body, S3Object object) {
        return new Reply(status, "text/plain", body, Map.of(), null)
                .withHeader("ETag", object.etag())
                .withHeader("Last-Modified", HTTP_DATE.format(object.lastModified()))
                .withHeader("Accept-Ranges", "bytes");
    }

    private static Reply list(String bucket, NavigableMap<String, S3Object> objects, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.getOrDefault("delimiter", "");
        StringBuilder contents = new StringBuilder();
        TreeSet<String> commonPrefixes = new TreeSet<>();
        int count = 0;
        synchronized (objects) {
            for (Map.Entry<String, S3Object> entry : objects.tailMap(prefix, true).entrySet()) {
                String key = entry.getKey();
                if (!key.startsWith(prefix)) {
                    break;
                }
                String rest = key.substring(prefix.length());
                int cut = delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
                if (cut >= 0) {
                    commonPrefixes.add(prefix + rest.substring(0, cut + delimiter.length()));
                    continue;
                }
                S3Object object = entry.getValue();
                contents.append("<Contents><Key>").append(xml(key)).append("</Key><LastModified>")
                        .append(ISO_MILLIS.format(object.lastModified())).append("</LastModified><ETag>")
                        .append(xml(object.etag())).append("</ETag><Size>").append(object.size())
                        .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
                count++;
            }
        }
        StringBuilder prefixes = new StringBuilder();
        for (String p : commonPrefixes) {
            prefixes.append("<CommonPrefixes><Prefix>").append(xml(p)).append("</Prefix></CommonPrefixes>");
        }
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + xml(bucket) + "</Name>"
                + "<Prefix>" + xml(prefix) + "</Prefix><KeyCount>" + (count + commonPrefixes.size()) + "</KeyCount>"
                + "<MaxKeys>" + query.getOrDefault("max-keys", "1000") + "</MaxKeys>"
                + (delimiter.isEmpty() ? "" : "<Delimiter>" + xml(delimiter) + "</Delimiter>")
                + "<IsTruncated>false</IsTruncated>" + contents + prefixes + "</ListBucketResult>";
        return Reply.ok("application/xml", body);
    }

    /** S3's XML error, or for HEAD (which has no body) the status alone. */
    private static Reply error(HttpCall call, int status, String code, String message) {
        String body = call.method.equals("HEAD") ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>" + xml(message) + "</Message></Error>";
        return Reply.error(status, "application/xml", body, code);
    }

    private static String etag(String content) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(content.getBytes(StandardCharsets.UTF_8));
            return "\"" + SigV4Verifier.hex(md5) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

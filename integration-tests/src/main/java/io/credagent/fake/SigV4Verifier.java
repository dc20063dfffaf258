package io.credagent.fake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 Authorization header the way AWS does, against the secret the
 * fake issued for the access key. This is what makes the fake worth having: a program that signs
 * with the wrong (stale, mixed-up, half-refreshed) credentials is rejected exactly as real STS would.
 *
 * Header-based signing (what SDK v1 and v2 use for STS and S3), and the presigned query of RDS
 * IAM authentication tokens ({@link #verifyPresigned}).
 */
final class SigV4Verifier {
    static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Principals principals;
    private final String service;
    /** S3 signs the path as sent, not encoded a second time. */
    private final boolean pathAsSent;

    SigV4Verifier(Principals principals, String service) {
        this(principals, service, false);
    }

    private SigV4Verifier(Principals principals, String service, boolean pathAsSent) {
        this.principals = principals;
        this.service = service;
        this.pathAsSent = pathAsSent;
    }

    static SigV4Verifier forRdsTokens(Principals principals) {
        return new SigV4Verifier(principals, "rds-db", false);
    }

    static SigV4Verifier forS3(Principals principals) {
        return new SigV4Verifier(principals, "s3", true);
    }

    /** Returns the principal that signed the request, or throws the error AWS would answer. */
    Principal verify(HttpCall call, Instant now) throws AwsError {
        String authorization = call.header("Authorization");
        if (authorization == null) {
            throw new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw new AwsError(400, "IncompleteSignature", "Unsupported AWS 'algorithm': " + authorization.split(" ")[0]);
        }
        Map<String, String> fields = parseAuthorization(authorization.substring(ALGORITHM.length() + 1));
        String credential = fields.get("Credential");
        String signedHeaders = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw new AwsError(400, "IncompleteSignature",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        if (!java.util.Arrays.asList(signedHeaders.split(";")).contains("host")) {
            throw new AwsError(403, "SignatureDoesNotMatch", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String contentSha256 = call.header("X-Amz-Content-Sha256");
        if (contentSha256 != null && !contentSha256.equals("UNSIGNED-PAYLOAD") && !contentSha256.equals(hex(sha256(call.body)))) {
            throw new AwsError(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        // Credential=AKID/yyyymmdd/region/service/aws4_request
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw new AwsError(400, "IncompleteSignature", "Credential should be scoped to a valid region.");
        }
        String accessKeyId = scope[0];
        call.signingAccessKeyId = accessKeyId;

        // Same order of checks as STS: who are you, is your token right, is it still valid, then the math.
        Principal principal = principals.find(accessKeyId).orElseThrow(() ->
                new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid."));
        call.callerArn = principal.arn();
        String token = call.header("X-Amz-Security-Token");
        if (principal.isSession() ? !principal.sessionToken().equals(token) : token != null) {
            throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (principal.expiredAt(now)) {
            throw new AwsError(403, "ExpiredToken", "The security token included in the request is expired");
        }
        if (!service.equals(scope[3])) {
            throw new AwsError(403, "SignatureDoesNotMatch",
                    "Credential should be scoped to correct service: '" + service + "'. ");
        }

        String amzDate = call.header("X-Amz-Date");
        Instant signedAt = parseAmzDate(amzDate);
        if (!amzDate.startsWith(scope[1])) {
            throw new AwsError(403, "SignatureDoesNotMatch",
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (signedAt.isBefore(now.minus(ALLOWED_SKEW))) {
            throw new AwsError(403, "SignatureDoesNotMatch", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(ALLOWED_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(ALLOWED_SKEW))) {
            throw new AwsError(403, "SignatureDoesNotMatch", "Signature not yet current: " + amzDate
                    + " is still later than " + AMZ_DATE.format(now.plus(ALLOWED_SKEW)) + " ("
                    + AMZ_DATE.format(now) + " + 15 min.)");
        }

        String canonicalRequest = canonicalRequest(call, signedHeaders, pathAsSent);
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credentialScope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = signingKey(principal.secretAccessKey(), scope[1], scope[2], scope[3]);
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new AwsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the "
                    + "service documentation for details.");
        }
        return principal;
    }

    /**
     * Checks a presigned URL's query (as RDS IAM authentication tokens carry it:
     * {@code host:port/?Action=connect&DBUser=...&X-Amz-...}), signed for {@code GET /} with only
     * the {@code host} header and an empty payload. Returns the principal that signed it.
     */
    Principal verifyPresigned(String hostPort, String rawQuery, Instant now) throws AwsError {
        Map<String, String> params = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), percentDecode(pair.substring(eq + 1)));
            }
        }
        String credential = params.get("X-Amz-Credential");
        String signature = params.get("X-Amz-Signature");
        String amzDate = params.get("X-Amz-Date");
        if (!ALGORITHM.equals(params.get("X-Amz-Algorithm")) || credential == null || signature == null || amzDate == null
                || !"host".equals(params.get("X-Amz-SignedHeaders"))) {
            throw new AwsError(400, "IncompleteSignature", "not a SigV4 presigned query signing only host: " + params.keySet());
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !service.equals(scope[3]) || !"aws4_request".equals(scope[4])) {
            throw new AwsError(403, "SignatureDoesNotMatch", "Credential should be scoped to '" + service + "': " + credential);
        }
        Principal principal = principals.find(scope[0]).orElseThrow(() ->
                new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid."));
        String token = params.get("X-Amz-Security-Token");
        if (principal.isSession() ? !principal.sessionToken().equals(token) : token != null) {
            throw new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (principal.expiredAt(now)) {
            throw new AwsError(403, "ExpiredToken", "The security token included in the request is expired");
        }
        Instant signedAt = parseAmzDate(amzDate);
        if (!amzDate.startsWith(scope[1])) {
            throw new AwsError(403, "SignatureDoesNotMatch", "X-Amz-Date " + amzDate + " is not the date of the credential scope " + scope[1]);
        }
        long expires = Long.parseLong(params.getOrDefault("X-Amz-Expires", "0"));
        if (expires > 900 || now.isAfter(signedAt.plusSeconds(expires)) || signedAt.isAfter(now.plus(ALLOWED_SKEW))) {
            throw new AwsError(403, "AccessDenied", "Request has expired (X-Amz-Date " + amzDate + ", X-Amz-Expires " + expires + ")");
        }
        String unsignedQuery = String.join("&", java.util.Arrays.stream(rawQuery.split("&"))
                .filter(p -> !p.startsWith("X-Amz-Signature=")).toArray(String[]::new));
        String canonicalRequest = "GET\n/\n" + canonicalQuery(unsignedQuery) + "\nhost:" + hostPort + "\n\nhost\n"
                + hex(sha256(new byte[0]));
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4]
                + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String expected = hex(hmac(signingKey(principal.secretAccessKey(), scope[1], scope[2], scope[3]), stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new AwsError(403, "SignatureDoesNotMatch", "The presigned signature does not match");
        }
        return principal;
    }

    static String canonicalRequest(HttpCall call, String signedHeaders, boolean pathAsSent) {
        StringBuilder headers = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            String value = call.header(name);
            headers.append(name).append(':').append(value == null ? "" : canonicalHeaderValue(value)).append('\n');
        }
        String payloadHash = call.header("X-Amz-Content-Sha256");
        if (payloadHash == null) {
            payloadHash = hex(sha256(call.body));
        }
        return call.method + "\n"
                + (pathAsSent ? call.rawPath : canonicalUri(call.rawPath)) + "\n"
                + canonicalQuery(call.rawQuery) + "\n"
                + headers + "\n"
                + signedHeaders + "\n"
                + payloadHash;
    }

    /**
     * Every service except S3 signs the path URI-encoded twice: once on the wire, once more in the
     * canonical request. So encode the wire form again ('%' becomes '%25'), keeping the slashes.
     */
    static String canonicalUri(String rawPath) {
        return rawPath.isEmpty() ? "/" : uriEncode(rawPath, false);
    }

    /** Parameters decoded, re-encoded the SigV4 way (RFC 3986, %20 for space), sorted by name then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            pairs.add(new String[] {uriEncode(name, true), uriEncode(value, true)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] p : pairs) {
            if (out.length() > 0) out.append('&');
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** Trimmed, with runs of spaces collapsed to one, as SigV4 requires. */
    static String canonicalHeaderValue(String value) {
        return value.trim().replaceAll(" +", " ");
    }

    static String uriEncode(String s, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (unreserved || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Percent-decoding without the form rule that '+' means space (SigV4 never uses it). */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> parseAuthorization(String rest) {
        Map<String, String> fields = new HashMap<>();
        for (String part : rest.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq > 0) {
                fields.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        return fields;
    }

    private static Instant parseAmzDate(String amzDate) throws AwsError {
        if (amzDate == null) {
            throw new AwsError(400, "IncompleteSignature", "Authorization header requires existence of either a "
                    + "'X-Amz-Date' or a 'Date' header.");
        }
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new AwsError(400, "IncompleteSignature", "Date must be in ISO-8601 'basic format'. Got '"
                    + amzDate + "'.");
        }
    }

    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] kDate = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, service);
        return hmac(kService, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }
}

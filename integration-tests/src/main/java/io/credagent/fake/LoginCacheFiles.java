package io.credagent.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code aws login} cache as the AWS CLI writes it: {@code ~/.aws/login/cache/<sha256-hex of
 * login_session>.json} with {@code accessToken} (the console session's credentials), {@code
 * tokenType}, {@code clientId}, {@code refreshToken}, {@code idToken} and {@code dpopKey}, the
 * session's P-256 key as SEC1 PEM ({@code BEGIN EC PRIVATE KEY}).
 */
public final class LoginCacheFiles {

    private LoginCacheFiles() {
    }

    /** A fresh P-256 key pair, as {@code aws login} makes one per session. */
    public static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path file(Path cacheDirectory, String loginSession) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(loginSession.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return cacheDirectory.resolve(hex + ".json");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the entry as the CLI does (its JSON layout); {@code extra} fields are added at the end. */
    public static Path write(Path cacheDirectory, String loginSession, Principal session, String refreshToken,
                             KeyPair key, Map<String, Object> extra) throws IOException {
        Map<String, Object> accessToken = new LinkedHashMap<>();
        accessToken.put("accessKeyId", session.accessKeyId());
        accessToken.put("secretAccessKey", session.secretAccessKey());
        accessToken.put("sessionToken", session.sessionToken());
        accessToken.put("accountId", session.account());
        accessToken.put("expiresAt", cliTime(session.expiration()));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("accessToken", accessToken);
        document.put("tokenType", "aws_sigv4");
        document.put("clientId", "arn:aws:signin:::devtools/same-device");
        document.put("refreshToken", refreshToken);
        document.put("idToken", "cli-id-token");
        document.put("dpopKey", sec1Pem(key));
        document.putAll(extra);
        Files.createDirectories(cacheDirectory);
        Path file = file(cacheDirectory, loginSession);
        Files.writeString(file, Json.write(document));
        return file;
    }

    /** RFC 5915 / SEC1 {@code ECPrivateKey}: version 1, the scalar, the curve OID, the public point. */
    static String sec1Pem(KeyPair key) {
        ECPrivateKey privateKey = (ECPrivateKey) key.getPrivate();
        ECPublicKey publicKey = (ECPublicKey) key.getPublic();
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.writeBytes(new byte[] {0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20});
        der.writeBytes(fixed32(privateKey.getS()));
        der.writeBytes(new byte[] {(byte) 0xa0, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07,
                (byte) 0xa1, 0x44, 0x03, 0x42, 0x00, 0x04});
        der.writeBytes(fixed32(publicKey.getW().getAffineX()));
        der.writeBytes(fixed32(publicKey.getW().getAffineY()));
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der.toByteArray());
        return "-----BEGIN EC PRIVATE KEY-----\n" + base64 + "\n-----END EC PRIVATE KEY-----\n";
    }

    private static byte[] fixed32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
        return out;
    }

    /** Reads an entry back. */
    public static Map<String, Object> read(Path file) throws IOException {
        return Json.parseObject(Files.readString(file));
    }

    /** An instant in the CLI's format, whole seconds with Z. */
    static String cliTime(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}

package io.credagent.fake;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 one-time codes as virtual MFA devices show them: HMAC-SHA1, 30-second steps, 6 digits. */
public final class Totp {
    private static final long STEP_SECONDS = 30;

    private Totp() {
    }

    public static String code(byte[] seed, Instant at) {
        return code(seed, at.getEpochSecond() / STEP_SECONDS);
    }

    /** As STS: the current step and one on either side, for the clocks of phone and server. */
    static boolean accepts(byte[] seed, String code, Instant now) {
        long step = now.getEpochSecond() / STEP_SECONDS;
        for (long s = step - 1; s <= step + 1; s++) {
            if (code(seed, s).equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static String code(byte[] seed, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(seed, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

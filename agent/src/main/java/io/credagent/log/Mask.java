package io.credagent.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of output. Access key ids are shown masked ({@code ASIA...WXYZ}, plain ASCII so
 * it survives any console encoding): enough to tell
 * two keys apart in a log, not enough to be a lead. Secret keys and session tokens are never
 * shown at all; {@link #text} removes anything that looks like one from free text we did not write
 * ourselves (SDK messages, process output echoed in errors).
 */
public final class Mask {

    private static final String HIDDEN = "****";

    /** Below this length, first 4 + last 4 would reveal most of the value. */
    private static final int SHORTEST_MASKABLE = 12;

    /** Access key ids: AKIA (long-term), ASIA (temporary), and the other documented prefixes. */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA|AROA|AIDA|ABIA|ACCA)[A-Z0-9]{12,}\\b");

    /**
     * Base64-looking runs at least 30 characters long, like secret access keys (40) and session
     * tokens (hundreds). Only redacted when they mix upper case, lower case and digits, so that
     * hex digests (SSO cache file names), paths and class names stay readable.
     */
    private static final Pattern SECRET_LIKE = Pattern.compile("[A-Za-z0-9/+]{30,}={0,2}");

    private Mask() {
    }

    /** {@code ASIAABCDEFGHIJKLWXYZ} becomes {@code ASIA...WXYZ}; null or short input becomes {@code ****}. */
    public static String accessKeyId(String accessKeyId) {
        if (accessKeyId == null) {
            return HIDDEN;
        }
        String trimmed = accessKeyId.trim();
        if (trimmed.length() < SHORTEST_MASKABLE) {
            return HIDDEN;
        }
        return trimmed.substring(0, 4) + "..." + trimmed.substring(trimmed.length() - 4);
    }

    /** {@code text} with access key ids masked and secret-looking strings replaced by {@code ****}. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        StringBuffer out = new StringBuffer(text.length());
        Matcher secrets = SECRET_LIKE.matcher(text);
        while (secrets.find()) {
            String run = secrets.group();
            secrets.appendReplacement(out, Matcher.quoteReplacement(looksSecret(run) ? HIDDEN : run));
        }
        secrets.appendTail(out);

        Matcher keys = ACCESS_KEY_ID.matcher(out.toString());
        StringBuffer masked = new StringBuffer(out.length());
        while (keys.find()) {
            keys.appendReplacement(masked, Matcher.quoteReplacement(accessKeyId(keys.group())));
        }
        keys.appendTail(masked);
        return masked.toString();
    }

    private static boolean looksSecret(String run) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }
}

package io.credagent.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskTest {

    @Test
    void accessKeyIdKeepsFirstAndLastFour() {
        assertEquals("ASIA...WXYZ", Mask.accessKeyId("ASIAABCDEFGHIJKLWXYZ"));
        assertEquals("AKIA...MPLE", Mask.accessKeyId("AKIAIOSFODNN7EXAMPLE"));
    }

    @Test
    void nullOrShortAccessKeyIdIsFullyHidden() {
        assertEquals("****", Mask.accessKeyId(null));
        assertEquals("****", Mask.accessKeyId(""));
        assertEquals("****", Mask.accessKeyId("AKIA1234"));
        assertEquals("****", Mask.accessKeyId("AKIA1234567"));
    }

    @Test
    void textHidesSecretKeysAndSessionTokens() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        String token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6m+abc==";
        String masked = Mask.text("secret=" + secret + " token=" + token);
        assertFalse(masked.contains(secret), masked);
        assertFalse(masked.contains("IQoJb3JpZ2luX2Vj"), masked);
        assertEquals("secret=**** token=****", masked);
    }

    @Test
    void textMasksAccessKeyIds() {
        assertEquals("using ASIA...WXYZ now", Mask.text("using ASIAABCDEFGHIJKLWXYZ now"));
    }

    @Test
    void textKeepsHexDigestsPathsAndClassNames() {
        String cacheFile = "/home/me/.aws/sso/cache/0b0a6a5c2bd24ab8f5a44cbe2b6e8ed4b18a1c41.json";
        assertEquals(cacheFile, Mask.text(cacheFile));
        String className = "software/amazon/awssdk/auth/credentials/AwsCredentialsProvider";
        assertEquals(className, Mask.text(className));
        String arn = "arn:aws:iam::123456789012:role/my-application-role";
        assertEquals(arn, Mask.text(arn));
        assertTrue(Mask.text("profile 'dev' (sso-session 'corp')").contains("sso-session 'corp'"));
    }

    @Test
    void textOfNullIsNull() {
        assertEquals(null, Mask.text(null));
    }
}

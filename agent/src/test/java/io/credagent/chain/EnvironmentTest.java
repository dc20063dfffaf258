package io.credagent.chain;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentTest {

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void settingPrefersTheSystemPropertyLikeTheSdk() {
        Environment env = Environment.of(map("AWS_REGION", "eu-west-1"), map("aws.region", "eu-west-2"));
        assertEquals("eu-west-2", env.setting("aws.region", "AWS_REGION"));
        assertEquals("eu-west-1", env.setting(null, "AWS_REGION"));
    }

    @Test
    void settingTrimsAndTreatsBlankAsUnset() {
        Environment env = Environment.of(map("AWS_REGION", " eu-west-1 ", "AWS_PROFILE", "  "), map("aws.region", " "));
        assertEquals("eu-west-1", env.setting("aws.region", "AWS_REGION"));
        assertNull(env.setting("aws.profile", "AWS_PROFILE"));
        assertEquals("  ", env.env("AWS_PROFILE"));
    }

    @Test
    void isTrueIgnoresCase() {
        assertTrue(Environment.of(map("AWS_EC2_METADATA_DISABLED", "TRUE"), null).isTrue("aws.disableEc2Metadata", "AWS_EC2_METADATA_DISABLED"));
        assertFalse(Environment.of(map("AWS_EC2_METADATA_DISABLED", "1"), null).isTrue("aws.disableEc2Metadata", "AWS_EC2_METADATA_DISABLED"));
        assertFalse(Environment.of(null, null).isTrue("aws.disableEc2Metadata", "AWS_EC2_METADATA_DISABLED"));
    }

    @Test
    void homeIsHomeThenUserHome() {
        assertEquals("/home/env", Environment.of(map("HOME", "/home/env"), map("user.home", "/home/java")).homeDirectory());
        assertEquals("/home/java", Environment.of(map(), map("user.home", "/home/java")).homeDirectory());
        assertNull(Environment.of(null, null).homeDirectory());
    }

    @Test
    void windowsHomeIsUserProfileThenHomeDriveAndPath() {
        Map<String, String> windows = map("os.name", "Windows 11", "user.home", "C:\\java");
        assertEquals("C:\\Users\\me", Environment.of(map("USERPROFILE", "C:\\Users\\me"), windows).homeDirectory());
        assertEquals("D:\\me", Environment.of(map("HOMEDRIVE", "D:", "HOMEPATH", "\\me"), windows).homeDirectory());
        assertEquals("C:\\java", Environment.of(map("USERPROFILE", "C:\\Users\\me"), map("user.home", "C:\\java")).homeDirectory());
    }

    @Test
    void settingsWithoutAnEnvironmentVariableOrSystemProperty() {
        Environment real = Environment.system();
        real.setting("aws.profile", null);
        real.setting(null, "AWS_PROFILE");
        Environment fixed = Environment.of(map("AWS_PROFILE", "e"), map("aws.profile", "p"));
        assertEquals("p", fixed.setting("aws.profile", null));
        assertEquals("e", fixed.setting(null, "AWS_PROFILE"));
    }

    @Test
    void systemReadsTheRealProcess() {
        Environment env = Environment.system();
        assertEquals(System.getProperty("java.version"), env.systemProperty("java.version"));
        assertEquals(System.getenv("PATH"), env.env("PATH"));
    }
}

package io.credagent.sharedcache;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The AWS CLI's cache file names; expected values computed with Python's json.dumps and hashlib. */
class CacheKeyTest {

    private static final String ADMIN = "arn:aws:iam::123456789012:role/Admin";

    @Test
    void loginSessionIsTheSha256OfItsArn() {
        // generate_login_cache_key of the AWS CLI, as SDK v2's signin module also derives it.
        assertEquals("4b0ba8f99f075c0633e122fd73346ce203a3faf18ea0310eb2d29df1bab2e255",
                CacheKey.loginSession("arn:aws:sts::012345678910:assumed-role/Admin/admin"));
    }

    @Test
    void roleArnOnly() {
        assertEquals("51e7b105b5040ce662656c8dc6ab4de70c4de7ad", CacheKey.assumeRole(args("RoleArn", ADMIN)));
    }

    @Test
    void mfaSerialNumberIsPartOfTheKey() {
        assertEquals("f6ee4f1f2e3b86d03f2a2cfc0f0c56c26c32ff64", CacheKey.assumeRole(
                args("RoleArn", ADMIN, "SerialNumber", "arn:aws:iam::123456789012:mfa/alice")));
    }

    @Test
    void keysAreSortedAndDurationIsANumber() {
        // given in another order than Python sorts them
        assertEquals("b91aac7c6f5e50f3f2d2374fcd3961ed63d7a588", CacheKey.assumeRole(args("RoleArn", ADMIN,
                "RoleSessionName", "alice", "ExternalId", "x", "DurationSeconds", 3600)));
    }

    @Test
    void nonAsciiQuotesBackslashesAndControlsAreEscapedAsPythonDoes() {
        assertEquals("{\"RoleArn\": \"arn:aws:iam::1:role/\\u00fc/\\\"x\\\\\\n\"}",
                CacheKey.pythonJson(args("RoleArn", "arn:aws:iam::1:role/\u00fc/\"x\\\n"), ", ", ": "));
        assertEquals("30d0bf3b6a69bb2ec4c7e684d1ab4a211d7e0848",
                CacheKey.assumeRole(args("RoleArn", "arn:aws:iam::1:role/\u00fc/\"x\\\n")));
        // a character outside the BMP becomes a surrogate pair; DEL is escaped too
        assertEquals("db196acccbe79457638793089aa75023727b45f6",
                CacheKey.assumeRole(args("RoleArn", "arn:aws:iam::1:role/\uD83D\uDE00\u007f")));
    }

    @Test
    void ssoRoleKeyIsCompactJson() {
        assertEquals("cd3f317839d4c2c18591ec5703736234a6ccff83",
                CacheKey.ssoRole("123456789012", "Dev", "my-sso", null));
        assertEquals("fc2ab798195376cb451f6987d74ac593b58166ac",
                CacheKey.ssoRole("123456789012", "Dev", null, "https://d-123.awsapps.com/start"));
    }

    @Test
    void ssoRegistrationKeyIsTheClisWithNullsAndLists() {
        assertEquals("5fdb0c628fe4a3a78887b40232874154e433f9a4",
                CacheKey.ssoRegistration("https://corp.awsapps.com/start", "us-east-1", null, "corp"));
        assertEquals("d0c66e261efcffc5485082e2535b941f0eef5e81", CacheKey.ssoRegistration("https://corp.awsapps.com/start",
                "us-east-1", java.util.Arrays.asList("sso:account:access", "codewhisperer:completions"), "corp"));
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((String) pairs[i], pairs[i + 1]);
        }
        return args;
    }
}
